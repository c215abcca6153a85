@file:JvmName("Names")

package com.forumpay.sdk

// Names as Kotlin code spells them (decision 0019): core names every argument, setting and
// field once in snake_case; Kotlin cases them camelCase, by rule, never by a table.

/** `outer.inner_name` → `outer.innerName`: a name as Kotlin code spells it. */
internal fun callerName(name: String): String =
    name.split('.').joinToString(".") { part ->
        part.split('_').let { words -> words.first() + words.drop(1).joinToString("") { it.replaceFirstChar(Char::uppercaseChar) } }
    }

/** `someName` → `some_name`: a name as core spells it (snake_case is left as it is). */
internal fun coreName(name: String): String =
    buildString { name.forEach { if (it.isUpperCase()) append('_').append(it.lowercaseChar()) else append(it) } }

/** A message that starts with the argument's core name (`some_name must be ...`) names it as Kotlin code does. */
internal fun callerMessage(message: String, field: String?): String =
    if (field.isNullOrEmpty() || !message.startsWith(field)) message else callerName(field) + message.substring(field.length)

/** The API's text of a state (`zero_confirmed`; the server's own text for a state this version does not know). */
val PaymentState.text: String get() = paymentStateText(this)
