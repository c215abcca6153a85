'use strict'
// The Node runner of the shared conformance suite (`tests/conformance/*.json` at the repository
// root; format in its README). Every scenario runs; a step the runner cannot execute fails.

const test = require('node:test')
const assert = require('node:assert')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { runFile } = require('./conformance/scenario')

const SUITE = path.join(__dirname, '..', '..', 'tests', 'conformance')

test('conformance suite', async () => {
  const files = fs.readdirSync(SUITE).filter((f) => f.endsWith('.json')).sort()
  assert.ok(files.length > 0, `no scenarios in ${SUITE}`)
  const names = new Set()
  const failures = []
  for (const file of files) {
    try {
      await runFile(path.join(SUITE, file), names)
    } catch (e) {
      console.log(`FAILED  ${file}: ${e.message}`)
      failures.push(`${file}: ${e.message}`)
    }
  }
  console.log(`conformance (node): ${files.length} scenarios run`)
  console.log(`conformance: ${files.length - failures.length} passed, ${failures.length} failed`)
  assert.deepStrictEqual(failures, [])
})

test('the runner fails on what it cannot execute', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forumpay-node-conformance-'))
  const cases = [
    { name: 'a', steps: [{ call: 'no_such_call', args: {} }] },
    { name: 'b', steps: [{ call: 'ping', args: { surprise: 1 } }] },
    { name: 'c', steps: [{ sandbox: 'teleport', args: {} }] },
    { name: 'd', steps: [{ call: 'ping', args: {}, expect: { result: 'peng' } }] },
    { name: 'e', steps: [{ call: 'ping', args: {}, expect_error: { code: 'timeout' } }] },
    { name: 'f', steps: [{ call: 'ping', args: {}, unknown_key: true }] },
    { name: 'g', steps: [{ call: 'check_payment', args: { payment_id: '$never', currency: 'BTC', address: 'a' } }] },
    { name: 'h', steps: [{ call: 'ping', args: {}, printed: { hides: ['not in the result'] } }] },
    { name: 'i', steps: [{ call: 'get_rate', args: { invoice_currency: 'EUR', invoice_amount: '1.00', currency: 'BTC' }, expect_error: { code: 'validation', field: 'invoice_amount' } }] },
    { name: 'j', steps: [{ call: 'constructor', args: {} }] }
  ]
  try {
    for (const [i, c] of cases.entries()) {
      const file = path.join(dir, `case${i}.json`)
      fs.writeFileSync(file, JSON.stringify(c))
      await assert.rejects(runFile(file, new Set()), `case ${c.name} should fail`)
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
