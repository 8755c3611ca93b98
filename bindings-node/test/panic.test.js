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
