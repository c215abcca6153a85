'use strict'
// The README's `js` examples are the package's documentation: each one is type-checked with
// `tsc --noEmit` against index.d.ts / testing.d.ts and then run with Node, exactly as written.

const test = require('node:test')
const assert = require('node:assert')
const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { RedisServer } = require('./support/redis-server')

const PACKAGE = path.join(__dirname, '..')
// Inside the package, so that `import 'forumpay'` resolves to this package by its own name.
const WORK = path.join(__dirname, '.readme-build')

function examples () {
  const text = fs.readFileSync(path.join(PACKAGE, 'README.md'), 'utf8')
  return [...text.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1])
}

test('README examples', async (t) => {
  // The examples of a shared store need a Redis server: one of the test's own, on a free port.
  const redis = await RedisServer.start()
  t.after(() => redis.stop())
  const blocks = examples()
  assert.ok(blocks.length >= 3, `found ${blocks.length} js examples`)
  fs.rmSync(WORK, { recursive: true, force: true })
  fs.mkdirSync(WORK)
  t.after(() => fs.rmSync(WORK, { recursive: true, force: true }))
  const files = blocks.map((code, i) => {
    fs.writeFileSync(path.join(WORK, `example${i}.mts`), code)
    fs.writeFileSync(path.join(WORK, `example${i}.mjs`), code)
    return `example${i}.mts`
  })
  fs.writeFileSync(path.join(WORK, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'es2022',
      strict: true,
      noEmit: true,
      types: ['node']
    },
    files
  }))

  await t.test('they compile against the type declarations (tsc --noEmit)', () => {
    const tsc = path.join(PACKAGE, 'node_modules', 'typescript', 'bin', 'tsc')
    const run = spawnSync(process.execPath, [tsc, '-p', WORK], { cwd: PACKAGE, encoding: 'utf8' })
    assert.strictEqual(run.status, 0, `tsc failed:\n${run.stdout}${run.stderr}`)
  })

  for (const [i] of blocks.entries()) {
    await t.test(`example ${i + 1} runs as written`, () => {
      const run = spawnSync(process.execPath, [path.join(WORK, `example${i}.mjs`)], {
        cwd: PACKAGE,
        encoding: 'utf8',
        env: { ...process.env, REDIS_URL: redis.url },
        timeout: 30_000
      })
      assert.strictEqual(run.status, 0, `exit ${run.status} ${run.signal ?? ''}\n${run.stdout}${run.stderr}`)
    })
  }
})
