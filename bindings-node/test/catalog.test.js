'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const { SkuMap } = require('..')

function catalog() {
  const m = new SkuMap()
  m.setRules('pos', { stripLeadingZeros: true })
  m.setRules('web', { caseFold: true })
  const report = m.importRows([
    { channel: 'pos', externalId: '10042', components: [{ sku: 'RED-SHIRT-M' }] },
    { channel: 'web', externalId: 'red-shirt-m', components: [{ sku: 'RED-SHIRT-M' }] },
    { channel: 'web', externalId: 'SODA-6PK', components: [{ sku: 'SODA-CAN', quantity: 6 }] },
    { channel: 'web', externalId: 'broken' },
  ])
  assert.equal(report.added, 3)
  assert.deepEqual(report.invalid.map((r) => [r.row, r.error.code]), [[3, 'INVALID_ARGUMENT']])
  return m
}

test('the POS code and the web handle are one SKU; multipacks multiply', () => {
  const m = catalog()
  assert.deepEqual(m.translate('pos', '0010042', 1), [{ sku: 'RED-SHIRT-M', units: 1 }])
  assert.deepEqual(m.translate('web', 'Red-Shirt-M', 1), [{ sku: 'RED-SHIRT-M', units: 1 }])
  assert.deepEqual(m.translate('web', 'soda-6pk', 2), [{ sku: 'SODA-CAN', units: 12 }])
})

test('unmapped ids throw alone and queue in batches', () => {
  const m = catalog()
  assert.throws(() => m.translate('pos', '99999', 1), { code: 'UNMAPPED_ID' })
  const results = m.translateBatch([
    { channel: 'pos', externalId: '99999', quantity: 1, seenAt: '2026-11-26T10:00:00Z' },
    { channel: 'pos', externalId: '10042', quantity: 2, seenAt: '2026-11-26T10:00:00Z' },
  ])
  assert.equal(results[0].error.code, 'UNMAPPED_ID')
  assert.deepEqual(results[1].lines, [{ sku: 'RED-SHIRT-M', units: 2 }])
  assert.deepEqual(m.unmappedQueue().map((q) => [q.externalId, q.count]), [['99999', 1]])
  assert.deepEqual(m.coverage('pos').missing, ['SODA-CAN'])
  // A reference is core's record: a misspelt key or a float quantity is refused before any is read.
  assert.throws(() => m.translateBatch([{ channel: 'pos', externalID: '1', quantity: 1, seenAt: '2026-11-26T10:00:00Z' }]),
    (e) => e.code === 'INVALID_ARGUMENT' && /refs\[0\]/.test(e.message))
  assert.throws(() => m.translateBatch([{ channel: 'pos', externalId: '1', quantity: 1.5, seenAt: '2026-11-26T10:00:00Z' }]),
    (e) => e.code !== undefined && /refs\[0\]\.quantity/.test(e.message))
  assert.deepEqual(m.unmappedQueue().length, 1)
})

test('columns translate in bulk; fractional quantities are refused', () => {
  const m = catalog()
  const out = m.translateColumns('web', ['SODA-6PK', 'nope'], [2, 1], '2026-11-26T10:00:00Z')
  assert.deepEqual([out.rows, out.skus, out.units], [[0], ['SODA-CAN'], [12]])
  assert.deepEqual(out.errors.map((e) => [e.row, e.error.code]), [[1, 'UNMAPPED_ID']])
  assert.throws(() => m.translateColumns('web', ['SODA-6PK'], [1.5], '2026-11-26T10:00:00Z'), { code: 'INVALID_QUANTITY' })
})
