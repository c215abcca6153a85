package com.forumpay.sdk

import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File

/**
 * The Swift bindings are generated from the same library by `make test-kotlin`. This machine
 * has no Swift compiler, so this checks that generation succeeded and produced the expected
 * API; compiling it is left to a macOS build (scripts/build-xcframework.sh).
 */
class SwiftGenerationTest {
    private val dir = File(System.getProperty("forumpay.swift.dir") ?: "../build/swift")

    @Test
    fun `swift sources, header and module map were generated`() {
        val swift = File(dir, "ForumPay.swift")
        assertTrue(swift.isFile, "missing $swift")
        assertTrue(File(dir, "ForumPayFFI.h").isFile)
        assertTrue(File(dir, "ForumPayFFI.modulemap").readText().contains("ForumPayFFI"))
        val text = swift.readText().replace(Regex("\\s+"), " ")
        for (expected in listOf(
            "open class NativeClient", "func getRate(request: GetRate) async throws -> Rate",
            "func next() async throws -> PaymentUpdate?", "public enum NativeError", "open class NativeSandbox",
            "Decimal(string:", "Secret(", "Date(timeIntervalSince1970:", "public struct Settings",
            "func verifyWebhook(request: VerifyWebhook) async throws -> VerifiedWebhook",
            "open class NativeWebhookEndpoint", "func control(action: String, args: JsonValue) throws -> JsonValue",
            "public enum PaymentState", "case unknown(String",
        )) {
            assertTrue(text.contains(expected), "generated Swift lacks `$expected`")
        }
    }
}
