'use strict'
// A real Redis server for a test: Debian's `redis-server` (`make redis-server` installs it) on
// a loopback port the OS chose, without persistence; `stop()` kills it (as if its host went
// away), `restart()` starts it again on the same port, empty.

const { spawn } = require('node:child_process')
const net = require('node:net')
const readline = require('node:readline')

/** A free loopback port (the OS picks it; released just before redis-server binds it). */
function freePort () {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

class RedisServer {
  #port
  #child = null

  /** Starts a server; resolves once it accepts connections. */
  static async start () {
    const server = new RedisServer()
    server.#port = await freePort()
    await server.restart()
    return server
  }

  /** `redis://127.0.0.1:PORT`. */
  get url () { return `redis://127.0.0.1:${this.#port}` }

  /** Starts it (again) on its port; resolves when its log says it is ready (no polling). */
  restart () {
    if (this.#child !== null) throw new Error('redis-server is already running')
    const binary = process.env.FORUMPAY_REDIS_SERVER ?? 'redis-server'
    const child = spawn(binary, ['--port', String(this.#port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] })
    this.#child = child
    return new Promise((resolve, reject) => {
      child.once('error', (e) => reject(new Error(`cannot run ${binary} (${e.message}): \`make redis-server\` installs Debian's redis-server`)))
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready`)))
      const lines = readline.createInterface({ input: child.stdout })
      lines.on('line', (line) => { if (line.includes('Ready to accept connections')) resolve() })
    })
  }

  /** Kills it and waits until it is gone. */
  stop () {
    const child = this.#child
    this.#child = null
    if (child === null || child.exitCode !== null) return Promise.resolve()
    return new Promise((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGKILL')
    })
  }
}

module.exports = { RedisServer }
