package com.forumpay.sdk.readme

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.ByteArrayOutputStream
import java.io.File
import java.io.PrintStream

/** The README's examples are this module's code, and they print what the README says. */
class ReadmeTest {
    private val readme = File("../README.md").readText()

    private fun example(file: String): String =
        File("src/test/kotlin/com/forumpay/sdk/readme/$file").readText().substringAfter("// README-BEGIN\n").substringBefore("// README-END")

    private fun printed(main: () -> Unit): String {
        val out = ByteArrayOutputStream()
        val saved = System.out
        System.setOut(PrintStream(out, true))
        try {
            main()
        } finally {
            System.setOut(saved)
        }
        return out.toString().trim()
    }

    @Test
    fun `the README shows the examples verbatim`() {
        for (file in listOf("QuickstartExample.kt", "WebhookExample.kt", "store/StoreExample.kt")) {
            assertTrue(readme.contains("```kotlin\n${example(file)}```"), "README.md's example differs from $file")
        }
    }

    @Test
    fun `the quickstart runs and prints what the README says`() {
        val lines = printed { com.forumpay.sdk.readme.quickstart.main() }.lines()
        assertTrue(lines.first().matches(Regex("pay 0\\.[0-9]{8} BTC to btc-[0-9a-f]+")), lines.first())
        assertEquals("- -> confirmed", lines.last())
        assertTrue(readme.contains("`- -> confirmed`"))
    }

    @Test
    fun `the webhook example runs and prints what the README says`() {
        val printed = printed { main() }
        assertEquals(
            """
            200 {"ok":true,"outcome":"handled","code":null}
            200 {"ok":true,"outcome":"replay","code":null}
            paid: [order-42]
            """.trimIndent(),
            printed,
        )
        assertTrue(readme.contains(printed.replace("\n", "`, `").let { "`$it`" }), "README should quote: $printed")
    }

    @Test
    fun `the shared-store example runs on a real Redis and prints what the README says`() {
        val printed = com.forumpay.sdk.RedisServer().use { redis -> printed { com.forumpay.sdk.readme.store.main(redis.url) } }
        assertEquals(
            """
            ship the order
            {"ok":true,"outcome":"handled","code":null}
            {"ok":true,"outcome":"replay","code":null}
            """.trimIndent(),
            printed,
        )
        assertTrue(readme.contains(printed.replace("\n", "`, `").let { "`$it`" }), "README should quote: $printed")
    }
}
