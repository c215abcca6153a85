package com.forumpay.sdk

/**
 * A string that must never be printed: the api secret and the payer page's tokens (every field
 * core types as a secret). `toString()` gives `***`, so a secret cannot reach a log through a
 * data class's `toString()`; [expose] gives the value where it is really needed.
 */
class Secret(private val value: String) {
    /** The real value. Call it only where the value is sent or shown on purpose. */
    fun expose(): String = value

    /** Always `***`. */
    override fun toString(): String = "***"

    override fun equals(other: Any?): Boolean = other is Secret && other.value == value

    override fun hashCode(): Int = value.hashCode()
}
