'use strict'
// No panic crosses the boundary: napi would otherwise abort the whole
// process ("failed to initiate panic"); here it is an Error with a code.
const test = require('node:test')
const assert = require('node:assert/strict')
const seamline = require('..')
const native = require('../native.js')

test('a panic is an Error with code INTERNAL and the process lives on', () => {
  assert.throws(() => native._forcePanic('forced for the test'), (err) => {
    assert.equal(err.code, 'INTERNAL')
    assert.match(err.message, /forced for the test/)
    return true
  })
  assert.equal(seamline.recommendBuffer(24, 0.25, 0.95), 10)
  assert.ok(seamline.ERROR_CODES.includes('INTERNAL'))
})

// Issue #22: these used to panic, and a panic used to abort the process
// with exit code 134; each is now a coded error and the server lives on.
test('sums beyond their type are ARITHMETIC_OVERFLOW, not an abort', () => {
  const node = (location, fields) => ({
    location, ships: true, available: { A: 1_000_000_000 }, perShipment: '0', perUnit: '1', perUnitBySku: {}, ...fields,
  })
  const line = { lineId: '1', sku: 'A', quantity: 1_000_000_000 }
  assert.throws(
    () => seamline.sourceOrder([line], { type: 'ship' }, [node('dc', { perUnit: '100000000000000000000' })]),
    { code: 'ARITHMETIC_OVERFLOW' },
  )
  const biggest = '79228162514264337593543950335'
  assert.throws(
    () => seamline.sourceOrder([{ lineId: '1', sku: 'A', quantity: 2 }], { type: 'ship' },
      [node('a', { perShipment: biggest, available: { A: 1 } }), node('b', { perShipment: biggest, available: { A: 1 } })]),
    { code: 'ARITHMETIC_OVERFLOW' },
  )
  // 1,024 earns of 2^53 − 1 points fit i64; the 1,025th would wrap the total.
  const book = new seamline.CustomerBook()
  const earn = (i) => ({
    eventId: `e${i}`, loyaltyId: '11112222', kind: 'earn', points: Number.MAX_SAFE_INTEGER, occurredAt: '2026-11-26T10:00:00Z',
  })
  for (let i = 0; i < 1024; i++) assert.equal(book.applyPoints(earn(i)), true)
  assert.throws(() => book.applyPoints(earn(1024)), { code: 'ARITHMETIC_OVERFLOW' })
  assert.equal(BigInt(book.totalPoints()) > 0n, true)
  assert.equal(seamline.recommendBuffer(1000, 1, 1e-300), 93)
  assert.equal(seamline.recommendBuffer(6, 1, 1 - 2 ** -53), 35)
})
