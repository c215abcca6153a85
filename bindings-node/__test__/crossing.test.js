'use strict'
// How results cross from the native side: packed JSON text (core's `surface/crossing_text.rs`)
// made into objects by one builder per shape (`results.js`). The builders are made from text;
// where Node forbids that (--disallow-code-generation-from-strings) the same objects must come
// out of the fallback.

const test = require('node:test')
const assert = require('node:assert')
const util = require('node:util')
const { execFileSync } = require('node:child_process')
const { decodeAnswer, toCanonical } = require('forumpay')
const { fromText } = require('../results')

/** A GetTransactions answer with what the packing must carry exactly: unknown fields (free-form,
 * with lists, objects and a `__proto__` key), tokens (secret), exact amounts, odd text. */
const PAGE = JSON.stringify({
  invoices: [1, 2, 3].map((n) => ({
    payment_id: `p-${n}`,
    status: n === 2 ? 'Confirmed' : 'Waiting',
    amount: n === 3 ? 'AMOUNT_AS_A_NUMBER' : '0.10000000000000000001',
    access_token: n === 1 ? null : `token-secret-${n}-abcdef`,
    item_name: 'quote " backslash \\ newline \n tab \t nul \u0000 é 😀',
    customer_details: { list: [[1, 2], { deep: [true, null] }], PROTO_KEY: { polluted: true }, x_y: [] },
    brand_new_field: n === 1 ? [0, -1, -2, 1] : { nested: { a_b: 'kept' } }
  }))
}).replaceAll('"PROTO_KEY"', '"__proto__"').replace('"AMOUNT_AS_A_NUMBER"', '0.12345678901234567890123456')

/** A script printing the page as decoded, secrets included, canonical (for another process). */
const PRINT = `const { decodeAnswer, toCanonical } = require('forumpay');
process.stdout.write(JSON.stringify(toCanonical(decodeAnswer('getTransactions', process.argv[1]), { secrets: true })))`

test('a page crosses exactly: free-form values as sent, secrets held apart, amounts as text', () => {
  const page = decodeAnswer('getTransactions', PAGE)
  const [first, second, third] = page.transactions
  assert.ok(PAGE.includes('"__proto__"') && PAGE.includes('0.12345678901234567890123456,'), 'the answer holds what is tested')
  assert.strictEqual(first.customerDetails.list[1].deep[0], true)
  assert.deepStrictEqual(first.customerDetails.x_y, [], 'free-form keys are as sent')
  assert.deepStrictEqual(first.customerDetails.list[0], [1, 2])
  assert.ok(Object.hasOwn(first.customerDetails, '__proto__'), '__proto__ is data, not the prototype')
  assert.strictEqual(Object.getPrototypeOf(first.customerDetails), Object.prototype)
  assert.strictEqual({}.polluted, undefined)
  assert.deepStrictEqual(first.extra.brand_new_field, [0, -1, -2, 1], 'a free-form list keeps numbers that look like tags')
  assert.deepStrictEqual(second.extra.brand_new_field, { nested: { a_b: 'kept' } }, 'keys inside free-form values are not re-cased')
  assert.strictEqual(first.itemName, 'quote " backslash \\ newline \n tab \t nul \u0000 é 😀')
  assert.strictEqual(second.amount, '0.10000000000000000001')
  assert.strictEqual(third.amount, '0.12345678901234567890123456', 'a number amount keeps every digit')
  assert.strictEqual(first.accessToken, null, 'an absent secret is null')
  assert.strictEqual(second.accessToken, 'token-secret-2-abcdef')
  assert.ok(!Object.keys(second).includes('accessToken') && !util.inspect(page, { depth: null }).includes('token-secret'))
  assert.strictEqual(toCanonical(page, { secrets: true }).transactions[2].access_token, 'token-secret-3-abcdef')
})

test('without code made from text, the same objects come out', () => {
  const here = JSON.stringify(toCanonical(decodeAnswer('getTransactions', PAGE), { secrets: true }))
  const run = (flags) => execFileSync(process.execPath, [...flags, '-e', PRINT, PAGE], { encoding: 'utf8' })
  assert.strictEqual(run(['--disallow-code-generation-from-strings']), here)
  assert.strictEqual(run([]), here)
  assert.throws(() => execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '-e', 'new Function("")'], { stdio: 'ignore' }),
    'the flag does forbid it (else this test would prove nothing)')
})

test('maps keep data keys as data, and hold their secrets apart', () => {
  const map = fromText('[["__proto__",7,"a",["inner",[1,0],-1],["token"],"map-secret-123",-1],[]]')
  assert.ok(Object.hasOwn(map, '__proto__'))
  assert.strictEqual(Object.getOwnPropertyDescriptor(map, '__proto__').value, 7)
  assert.deepStrictEqual(map.a, { inner: [1] })
  assert.strictEqual(map.token, 'map-secret-123')
  assert.ok(!JSON.stringify(map).includes('map-secret') && !util.inspect(map, { showHidden: true }).includes('map-secret'))
  assert.deepStrictEqual(fromText('[[[[1,2],-2],[3,0],0],[]]'), [[1, 2], [3]], 'a free-form list is as sent')
  const objects = fromText('[[{"a_b":[0,-1,[2,-2]]},[[{"k":{}}],-2],0],[]]')
  assert.deepStrictEqual(objects, [{ a_b: [0, -1, [2, -2]] }, [{ k: {} }]], 'a free-form object is as sent, untagged')
  assert.strictEqual(fromText('["***",[]]'), '***')
  assert.strictEqual(fromText('null'), null)
})
