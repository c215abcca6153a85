'use strict'
// The README's store on node-redis (`npm install redis`): core's four store methods over one
// connected client. `disableOfflineQueue` makes a command fail at once while Redis is away
// (the webhook then answers 503) instead of waiting in a queue.

/** A forumpay `Store` on a connected node-redis client. */
function redisStore (redis) {
  return {
    claim: async (key, value, ttlMs) => (await redis.set(key, value, { NX: true, PX: ttlMs })) === 'OK',
    put: async (key, value, ttlMs) => { await redis.set(key, value, { PX: ttlMs }) },
    get: (key) => redis.get(key),
    delete: async (key) => { await redis.del(key) }
  }
}

module.exports = { redisStore }
