package com.forumpay.sdk

import java.util.concurrent.atomic.AtomicReference
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.runBlocking

/**
 * A `Flow` over a native stream. The stream is opened at once, so a bad request throws at the
 * call, before anything is collected; the first collection pulls from it, each later one opens
 * its own. Nothing runs between pulls, and cancelling the collector cancels the pull in flight.
 */
internal fun <S : AutoCloseable, T : Any> pullFlow(open: () -> S, next: suspend (S) -> T?): Flow<T> {
    val opened = AtomicReference(open())
    return flow {
        (opened.getAndSet(null) ?: open()).use { stream ->
            while (true) emit(next(stream) ?: break)
        }
    }
}

/** A blocking iterator over a native stream (for Java and other blocking callers). */
internal fun <S : AutoCloseable, T : Any> pullIterator(stream: S, next: suspend (S) -> T?): PullIterator<T> =
    PullIterator(stream) { runBlocking { next(stream) } }

/** A blocking iterator over a native stream; closing it (or reaching the end) frees the stream. */
class PullIterator<T : Any> internal constructor(
    private val owner: AutoCloseable,
    private val pull: () -> T?,
) : Iterator<T>, AutoCloseable {
    private var nextItem: T? = null
    private var done = false

    override fun hasNext(): Boolean {
        if (nextItem == null && !done) {
            nextItem = pull()
            if (nextItem == null) close()
        }
        return nextItem != null
    }

    override fun next(): T {
        if (!hasNext()) throw NoSuchElementException()
        return nextItem!!.also { nextItem = null }
    }

    override fun close() {
        done = true
        owner.close()
    }
}
