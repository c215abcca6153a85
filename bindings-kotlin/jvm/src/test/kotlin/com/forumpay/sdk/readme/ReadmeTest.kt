package com.forumpay.sdk.readme

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.ByteArrayOutputStream
import java.io.File
import java.io.PrintStream

/** The README's webhook example is this module's code, and it prints what the README says. */
class ReadmeTest {
    private val readme = File("../README.md").readText()

    @Test
    fun `the README shows the example verbatim`() {
        val source = File("src/test/kotlin/com/forumpay/sdk/readme/WebhookExample.kt").readText()
        val example = source.substringAfter("// README-BEGIN\n").substringBefore("// README-END")
        assertTrue(readme.contains("```kotlin\n$example```"), "README.md's webhook example differs from WebhookExample.kt")
    }

    @Test
    fun `the example runs and prints what the README says`() {
        val out = ByteArrayOutputStream()
        val saved = System.out
        System.setOut(PrintStream(out, true))
        try {
            main()
        } finally {
            System.setOut(saved)
        }
        val printed = out.toString().trim()
        assertEquals("200 handled\n200 replay\npaid: [order-42]", printed)
        assertTrue(readme.contains(printed.replace("\n", "`, `").let { "`$it`" }), "README should quote: $printed")
    }
}
