'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const seamline = require('..')
const { addMoney, subtractMoney, roundMoney, allocateMoney, minorUnits, normalizeSku, canonicalInstant } = seamline

const usd = (amount) => ({ amount, currency: 'USD' })

test('money is exact decimal text', () => {
  assert.deepEqual(addMoney({ amount: '0.1', currency: 'EUR' }, { amount: '0.2', currency: 'EUR' }), {
    amount: '0.3',
    currency: 'EUR',
  })
  assert.deepEqual(subtractMoney(usd('1.10'), usd('2')), usd('-0.90'))
})

test('a JS number for money throws INVALID_TYPE', () => {
  assert.throws(() => addMoney({ amount: 0.1, currency: 'USD' }, usd('1')), { code: 'INVALID_TYPE' })
  assert.throws(() => allocateMoney(usd('1.00'), [0.5, 0.5]), { code: 'INVALID_TYPE' })
  assert.throws(() => roundMoney({ amount: 5, currency: 'USD' }), { code: 'INVALID_TYPE' })
})

test('currency rules', () => {
  assert.throws(() => addMoney(usd('1'), { amount: '1', currency: 'EUR' }), {
    code: 'CURRENCY_MISMATCH',
    message: 'currency mismatch in add: USD vs EUR',
  })
  assert.throws(() => addMoney({ amount: '1', currency: 'XYZ' }, usd('1')), { code: 'UNKNOWN_CURRENCY' })
  assert.deepEqual([minorUnits('JPY'), minorUnits('USD'), minorUnits('KWD')], [0, 2, 3])
})

test('rounding defaults to half_up and accepts named modes', () => {
  assert.deepEqual(roundMoney(usd('2.345')), usd('2.35'))
  assert.deepEqual(roundMoney(usd('2.345'), 'half_even'), usd('2.34'))
  assert.throws(() => roundMoney(usd('1'), 'nearest'), { code: 'INVALID_ARGUMENT' })
  assert.deepEqual([...seamline.ROUNDING_MODES].sort(), ['down', 'half_down', 'half_even', 'half_up', 'up'])
})

test('allocation sums exactly; integer weights are fine', () => {
  const parts = allocateMoney(usd('100.00'), [1, 1, 1])
  assert.deepEqual(parts.map((p) => p.amount), ['33.34', '33.33', '33.33'])
  assert.throws(() => allocateMoney(usd('1.005'), ['1']), { code: 'INVALID_AMOUNT' })
})

test('identifiers and instants', () => {
  assert.equal(normalizeSku('  RED-SHIRT-M '), 'RED-SHIRT-M')
  assert.throws(() => normalizeSku('  '), { code: 'INVALID_SKU' })
  assert.equal(canonicalInstant(new Date(Date.UTC(2026, 10, 26, 9, 0, 0, 250))), '2026-11-26T09:00:00.250Z')
  assert.throws(() => canonicalInstant('2026-11-26T10:00:00'), { code: 'INVALID_TIMESTAMP' })
  assert.throws(() => canonicalInstant(1764151200000), { code: 'INVALID_TYPE' })
  // A Date is read by its time value: an Invalid Date and one past year 9999 are coded errors,
  // and a Date whose toISOString was replaced still reads as the instant it holds.
  assert.throws(() => canonicalInstant(new Date(NaN)), { code: 'INVALID_TIMESTAMP', message: /Invalid Date/ })
  assert.throws(() => canonicalInstant(new Date(8.64e15)), { code: 'INVALID_TIMESTAMP' })
  assert.equal(canonicalInstant(new Date('0001-01-01T00:00:00Z')), '0001-01-01T00:00:00Z')
  assert.equal(canonicalInstant(new Date('1969-12-31T23:59:59.999Z')), '1969-12-31T23:59:59.999Z')
  const masked = new Date(Date.UTC(2026, 10, 26))
  masked.toISOString = () => '1999-01-01T00:00:00Z'
  assert.equal(canonicalInstant(masked), '2026-11-26T00:00:00Z')
})

test('ERROR_CODES matches the ErrorCode type in index.d.ts', () => {
  const dts = require('node:fs').readFileSync(require('node:path').join(__dirname, '..', 'index.d.ts'), 'utf8')
  const declared = dts.match(/export type ErrorCode =([^;]*?)\n\n/s)[1].match(/'([A-Z_]+)'/g).map((s) => s.slice(1, -1))
  assert.deepEqual([...declared].sort(), [...seamline.ERROR_CODES].sort())
})

test('ERROR_CODES lists every code exactly once', () => {
  assert.equal(new Set(seamline.ERROR_CODES).size, seamline.ERROR_CODES.length)
  assert.ok(seamline.ERROR_CODES.includes('CURRENCY_MISMATCH'))
  assert.ok(Object.isFrozen(seamline.ERROR_CODES))
})
