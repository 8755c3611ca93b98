'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const { recommendBuffer, oversellProbability, maxExposure, publishedQuantity, bufferUnits } = require('..')

const codeOf = (fn) => {
  try {
    fn()
  } catch (err) {
    assert.ok(err instanceof Error)
    return err.code
  }
  assert.fail('expected an error')
}

test('the guide promotion burst needs a buffer of 10', () => {
  assert.equal(recommendBuffer(24, 0.25, 0.95), 10)
  assert.ok(Math.abs(oversellProbability(3, 24, 0.25) - 0.8487961172233521) < 1e-12)
})

test('maxExposure inverts the buffer and is Infinity at zero velocity', () => {
  const hours = maxExposure(10, 24, 0.95)
  assert.ok(Math.abs(oversellProbability(10, 24, hours) - 0.05) < 1e-12)
  assert.equal(maxExposure(0, 0, 0.9), Infinity)
})

test('invalid rates throw INVALID_ARGUMENT naming the field', () => {
  assert.equal(codeOf(() => recommendBuffer(-1, 0.25, 0.95)), 'INVALID_ARGUMENT')
  assert.equal(codeOf(() => recommendBuffer(NaN, 0.25, 0.95)), 'INVALID_ARGUMENT')
  assert.throws(() => recommendBuffer(1, 0.25, 1), /service_level/)
})

test('wrong JS types throw INVALID_TYPE, not a napi status', () => {
  assert.equal(codeOf(() => recommendBuffer('24', 0.25, 0.95)), 'INVALID_TYPE')
  assert.equal(codeOf(() => recommendBuffer(24, 0.25)), 'INVALID_TYPE')
  assert.equal(codeOf(() => publishedQuantity(1, 0, null)), 'INVALID_TYPE')
  assert.equal(codeOf(() => publishedQuantity(1, 0, { kind: 'fixed' })), 'INVALID_TYPE')
})

test('quantities must be safe whole numbers; bigint is accepted', () => {
  assert.equal(codeOf(() => publishedQuantity(1.9, 0, { kind: 'fixed', units: 0 })), 'INVALID_QUANTITY')
  assert.equal(codeOf(() => publishedQuantity(2 ** 60, 0, { kind: 'fixed', units: 0 })), 'INVALID_QUANTITY')
  assert.equal(codeOf(() => oversellProbability(-1, 1, 1)), 'INVALID_QUANTITY')
  assert.equal(publishedQuantity(10n, 0n, { kind: 'fixed', units: 3n }), 7)
  assert.equal(codeOf(() => publishedQuantity(2n ** 70n, 0, { kind: 'fixed', units: 0 })), 'INVALID_QUANTITY')
})

test('policies: fixed, percent, velocity', () => {
  assert.equal(publishedQuantity(10, 0, { kind: 'fixed', units: 3 }), 7)
  assert.equal(publishedQuantity(30, 0, { kind: 'percent', percent: '10' }), 27)
  assert.equal(publishedQuantity(1000, 0, { kind: 'percent', percent: '12.5', maxUnits: 20 }), 980)
  const burst = { kind: 'velocity', velocityPerHour: 24, exposureHours: 0.25, serviceLevel: 0.95 }
  assert.equal(publishedQuantity(25, 3, burst), 12)
  assert.equal(bufferUnits(burst, 100), 10)
})

test('policy errors carry our codes', () => {
  assert.equal(codeOf(() => publishedQuantity(1, 0, { kind: 'magic' })), 'INVALID_ARGUMENT')
  assert.equal(codeOf(() => publishedQuantity(1, 0, { kind: 'percent', percent: 12.5 })), 'INVALID_TYPE')
  assert.equal(codeOf(() => publishedQuantity(1, 0, { kind: 'percent', percent: '150' })), 'INVALID_ARGUMENT')
  assert.equal(codeOf(() => publishedQuantity(3, -1, { kind: 'fixed', units: 1 })), 'INVALID_QUANTITY')
})
