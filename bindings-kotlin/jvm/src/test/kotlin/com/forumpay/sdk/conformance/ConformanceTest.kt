package com.forumpay.sdk.conformance

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.File
import java.nio.file.Files

/**
 * The Kotlin runner of the shared conformance suite (every `.json` file of `tests/conformance/`): every scenario
 * runs against a fresh in-process sandbox through the binding's public API. A step it cannot
 * execute fails the scenario; nothing is skipped.
 */
class ConformanceTest {
    private val dir = File(System.getProperty("forumpay.conformance.dir") ?: "../../tests/conformance")

    @Test
    fun `every scenario passes`() = runBlocking {
        val files = dir.listFiles { f -> f.name.endsWith(".json") }?.sortedBy { it.name }.orEmpty()
        assertTrue(files.isNotEmpty(), "no scenarios found in $dir")
        val names = mutableSetOf<String>()
        val failures = files.mapNotNull { file ->
            runCatching { runScenario(file, names) }.exceptionOrNull()?.let { "${file.name}: ${it.message}" }
        }
        failures.forEach { println("FAILED  $it") }
        println("conformance (kotlin): ${files.size} scenarios run")
        println("conformance: ${files.size - failures.size} passed, ${failures.size} failed")
        assertTrue(failures.isEmpty(), "${failures.size} scenario(s) failed:\n" + failures.joinToString("\n"))
    }

    @Test
    fun `the runner fails on what it cannot execute`() = runBlocking {
        val cases = listOf(
            """{"name": "a", "steps": [{"call": "no_such_call", "args": {}}]}""",
            """{"name": "b", "steps": [{"call": "ping", "args": {"surprise": 1}}]}""",
            """{"name": "c", "steps": [{"sandbox": "teleport", "args": {}}]}""",
            """{"name": "d", "steps": [{"call": "ping", "args": {}, "expect": {"result": "peng"}}]}""",
            """{"name": "e", "steps": [{"call": "ping", "args": {}, "expect_error": {"code": "timeout"}}]}""",
            """{"name": "f", "steps": [{"call": "ping", "args": {}, "unknown_key": true}]}""",
            """{"name": "g", "steps": [{"call": "check_payment", "args": {"payment_id": "${'$'}never", "currency": "BTC", "address": "a"}}]}""",
            """{"name": "h", "steps": [{"sandbox": "fault", "args": {"route": "Ping", "kind": "meteor"}}]}""",
        )
        val tmp = Files.createTempDirectory("forumpay-kotlin-conformance").toFile()
        try {
            cases.forEachIndexed { i, case ->
                val file = File(tmp, "case$i.json").apply { writeText(case) }
                assertThrows<Throwable>("case $i should fail") { runBlocking { runScenario(file, mutableSetOf()) } }
            }
        } finally {
            tmp.deleteRecursively()
        }
    }
}
