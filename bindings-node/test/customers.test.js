'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const { CustomerBook, normalizeEmail, normalizePhone, normalizeLoyalty, hashIdentifier } = require('..')

const t0 = new Date(Date.UTC(2026, 11, 1, 10, 0))
const record = (source, recordId, ids, attributes = {}) => ({
  source,
  recordId,
  observedAt: t0,
  identifiers: ids.map(([kind, value]) => ({ kind, value })),
  attributes,
})

test('identifiers normalise and hash as in every other language', () => {
  assert.equal(normalizePhone('(415) 555-2671', 'US'), '+14155552671')
  assert.equal(normalizeEmail(' Ann.Lee+x@GMail.com', true), 'annlee@gmail.com')
  assert.equal(normalizeLoyalty('1234-5678', { digitsOnly: true }), '12345678')
  assert.equal(hashIdentifier('phone', '+14155552671', 'phone_digits_only'), crypto.createHash('sha256').update('14155552671').digest('hex'))
  // An unknown convention is core's INVALID_ARGUMENT, listing the names.
  assert.throws(() => hashIdentifier('phone', '+14155552671', 'digits'), (err) => {
    assert.equal(err.code, 'INVALID_ARGUMENT')
    assert.match(err.message, /phone_digits_only/)
    return true
  })
  assert.throws(() => normalizePhone('555', 'US'), (err) => {
    assert.equal(err.code, 'INVALID_IDENTIFIER')
    assert.doesNotMatch(err.message, /555/)
    return true
  })
})

test('one shopper across the counter and the web, one balance', () => {
  const book = new CustomerBook({ sourcePriority: ['pos'], limits: { loyalty: 1, email: 3, phone: 2 } })
  book.addRecords([
    record('pos', 'c-17', [['phone', '(415) 555-2671'], ['loyalty', '7788-1234']], { first_name: 'Ann' }),
    record('web', 'u-901', [['email', 'ann.lee@example.com'], ['phone', '+1 415 555 2671']], { first_name: 'ann' }),
  ])
  const { profiles, merges } = book.resolution()
  assert.equal(profiles.length, 1)
  assert.deepEqual(profiles[0].members, ['pos/c-17', 'web/u-901'])
  assert.deepEqual(profiles[0].golden, { first_name: 'Ann' })
  assert.equal(merges[0].via, 'phone')
  const id = profiles[0].profileId
  assert.equal(book.applyPoints({ eventId: 'e1', loyaltyId: '77881234', kind: 'earn', points: 50, occurredAt: t0 }), true)
  assert.throws(() => book.applyPoints({ eventId: 'r1', record: 'web/u-901', kind: 'redeem', points: 51, occurredAt: t0 }), { code: 'INSUFFICIENT_POINTS' })
  assert.equal(book.balance(id), 50)
  book.correct({ type: 'never_link', recordA: 'pos/c-17', recordB: 'web/u-901', by: 'agent-7', reason: 'two people' })
  assert.equal(book.resolution().profiles.length, 2)
  assert.equal(book.totalPoints(), 50)
  const restored = CustomerBook.fromSnapshot(book.toSnapshot())
  assert.deepEqual(restored.resolution(), book.resolution())
})

test('a shopper added to a resolved book reads back alone', () => {
  const book = new CustomerBook()
  book.addRecords([record('pos', 'c-17', [['phone', '(415) 555-2671']], { name: 'Ann Lee' })])
  const ann = book.profileOf('pos/c-17')
  assert.deepEqual(ann.members, ['pos/c-17'])
  book.addRecords([record('web', 'u-901', [['email', 'ann@example.com'], ['phone', '+14155552671']], {})])
  const joined = book.profileOf('web/u-901')
  assert.equal(joined.profileId, ann.profileId)
  assert.deepEqual(joined.members, ['pos/c-17', 'web/u-901'])
  assert.deepEqual(joined.golden, { name: 'Ann Lee' })
  assert.deepEqual(book.profile(ann.profileId), joined)
  assert.deepEqual(book.resolution().profiles, [joined])
  assert.equal(book.profileOf('web/nobody'), null)
  assert.equal(book.profile('P-0000000000000000'), null)
})

test('every profile reads one at a time, in id order', () => {
  const book = new CustomerBook()
  book.addRecords([
    record('pos', 'c-17', [['phone', '(415) 555-2671']], { name: 'Ann Lee' }),
    record('web', 'u-901', [['email', 'ann@example.com'], ['phone', '+14155552671']]),
    record('pos', 'c-40', [['phone', '(212) 555-0123']], { name: 'Cy' }),
    record('web', 'u-77', [['email', 'dee@example.com']]),
  ])
  const everything = book.resolution().profiles
  assert.equal(everything.length, 3)
  assert.deepEqual(book.profileIds(), everything.map((p) => p.profileId))
  assert.deepEqual([...book.profiles()], everything)
  // A change made during the loop: the profile it absorbs is skipped.
  // A profile without attributes has an empty golden record, an object like any other.
  assert.deepEqual(book.profileOf('web/u-77').golden, {})
  assert.deepEqual(everything.find((p) => p.members[0] === 'web/u-77').golden, {})
  const dee = book.profileOf('web/u-77').profileId
  const loop = book.profiles()
  const first = loop.next().value
  book.addRecords([record('pos', 'c-41', [['email', 'dee@example.com'], ['phone', '(212) 555-0123']])])
  const rest = [...loop]
  assert.equal(book.profile(dee), null)
  assert.deepEqual(
    [first, ...rest].map((p) => p.profileId),
    everything.map((p) => p.profileId).filter((id) => id === first.profileId || id !== dee),
  )
  for (const p of rest) assert.deepEqual(p, book.profile(p.profileId))
})

test('a source holding a slash is refused and nothing of the batch is added', () => {
  const book = new CustomerBook()
  assert.throws(() => book.addRecords([record('a', 'b/c', []), record('a/b', 'c', [])]), (err) => {
    assert.equal(err.code, 'INVALID_ID')
    assert.match(err.message, /records\[1\]\.source/)
    return true
  })
  assert.deepEqual(book.profileIds(), [])
})

test('a policy mistake throws when the book is made', () => {
  assert.throws(() => new CustomerBook({ defaultRegion: 'XX' }), (err) => err.code === 'INVALID_ARGUMENT' && /policy\.default_region/.test(err.message))
  assert.throws(() => new CustomerBook({ limits: { email: 0 } }), { code: 'INVALID_ARGUMENT' })
  assert.deepEqual(new CustomerBook({ defaultRegion: 'GB' }).profileIds(), [])
})

test('a correction names who made it', () => {
  const book = new CustomerBook()
  book.addRecords([record('pos', 'c-17', [['phone', '(415) 555-2671']]), record('web', 'u-9', [])])
  assert.throws(() => book.correct({ type: 'always_link', recordA: 'pos/c-17', recordB: 'pos/c-17', by: 'ops', reason: 'x' }), { code: 'INVALID_ARGUMENT' })
  assert.throws(() => book.correct({ type: 'always_link', recordA: 'pos/c-17', recordB: 'web/u-9', by: '', reason: 'x' }), { code: 'INVALID_ARGUMENT' })
  book.correct({ type: 'always_link', recordA: 'pos/c-17', recordB: 'web/u-9', by: 'ops', reason: 'same person' })
  assert.deepEqual(book.profileOf('web/u-9').members, ['pos/c-17', 'web/u-9'])
})

test('a review item is accepted as shown, corrections are listed and withdrawn', () => {
  const book = new CustomerBook()
  book.addRecords([
    record('pos', 'r1', [['loyalty', '11111111'], ['email', 'ann@example.com']]),
    record('pos', 'r2', [['loyalty', '1111-1111']]),
    record('web', 'r3', [['loyalty', '22222222'], ['email', 'ANN@example.com']]),
  ])
  const [item] = book.resolution().review
  const accept = { type: 'accept_review', left: item.left, right: item.right, by: 'cs-2', reason: 'same shopper' }
  const effect = book.correct(accept)
  assert.equal(effect.recorded, true)
  assert.deepEqual(effect.moved.map((m) => m.record), ['web/r3'])
  assert.deepEqual(book.profileOf('pos/r2').members, ['pos/r1', 'pos/r2', 'web/r3'])
  assert.deepEqual(book.corrections(), [accept])
  assert.equal(book.withdraw(accept).recorded, true)
  assert.deepEqual(book.corrections(), [])
  assert.deepEqual(book.profileOf('web/r3').members, ['web/r3'])
})

test('a split leaves no profile below zero and unclaimed points are listed', () => {
  const book = new CustomerBook()
  const email = [['email', 'family@example.com']]
  book.addRecords([record('pos', 'r1', email), record('web', 'r2', email)])
  const points = (eventId, rec, kind, n) => ({ eventId, record: rec, kind, points: n, occurredAt: '2026-12-01T10:00:00Z' })
  book.applyPoints(points('e1', 'pos/r1', 'earn', 100))
  book.applyPoints(points('e2', 'web/r2', 'earn', 40))
  book.applyPoints(points('x1', 'web/r2', 'redeem', 120))
  const effect = book.correct({ type: 'never_link', recordA: 'pos/r1', recordB: 'web/r2', by: 'cs', reason: 'two people' })
  const r2 = book.profileOf('web/r2').profileId
  assert.deepEqual(effect.balances.find((b) => b.profileId === r2), { profileId: r2, before: null, after: 0 })
  assert.throws(() => book.applyPoints(points('x2', 'web/r2', 'expire', 1)), { code: 'INSUFFICIENT_POINTS' })
  book.applyPoints(points('e3', 'app/later', 'earn', 7))
  assert.deepEqual(book.unclaimedPoints(), [{ account: 'record:app/later', points: 7 }])
})

test('placeholders, undeclared kinds and households follow the policy', () => {
  const book = new CustomerBook({ kinds: ['web_account'], households: { nameAttributes: ['name'] } })
  book.addRecords([
    record('pos', 'a', [['email', 'noemail@store.com'], ['phone', '(415) 555-2671']], { name: 'Ann Lee' }),
    record('pos', 'b', [['phone', '415 555 2671'], ['web_account', 'acct-1'], ['Email', 'x@y.com']], { name: 'Bob Lee' }),
  ])
  const r = book.resolution()
  assert.equal(r.profiles.length, 2)
  assert.deepEqual(r.issues.map((i) => [i.record, i.kind]), [['pos/a', 'email'], ['pos/b', 'Email']])
  assert.match(r.review[0].reason, /given names differ/)
  assert.throws(() => new CustomerBook({ placeholders: { emailLocalParts: ['x@y'] } }), { code: 'INVALID_ARGUMENT' })
})

test('a keyed book shows no reversible hash and restores only with its secret', () => {
  const secret = Buffer.alloc(32, 7)
  const records = [
    record('pos', 'a', [['phone', '(415) 555-2671'], ['loyalty', '11112222']], { name: 'Ann' }),
    record('pos', 'b', [['phone', '415 555 2671'], ['loyalty', '33334444']], { name: 'Ann' }),
  ]
  const plain = new CustomerBook()
  const keyed = new CustomerBook(null, secret)
  plain.addRecords(records)
  keyed.addRecords(records)
  const phone = require('node:crypto').createHash('sha256').update('+14155552671').digest('hex')
  assert.equal(plain.resolution().review[0].identifier, phone)
  assert.notEqual(keyed.resolution().review[0].identifier, phone)
  const data = keyed.toSnapshot()
  assert.deepEqual(CustomerBook.fromSnapshot(data, secret).profileIds(), keyed.profileIds())
  assert.throws(() => CustomerBook.fromSnapshot(data), { code: 'INVALID_ARGUMENT' })
  assert.throws(() => new CustomerBook({}, Buffer.from('short')), { code: 'INVALID_ARGUMENT' })
})

test('suggestions are scored with evidence and merge nothing until accepted', () => {
  const person = (source, id, given, surname, dob, postcode) => ({
    source, recordId: id, observedAt: t0, identifiers: [],
    attributes: { given_name: given, surname, date_of_birth: dob, postcode },
  })
  const book = new CustomerBook()
  const records = []
  for (let i = 0; i < 20; i++) {
    const dob = `19${50 + i}0${1 + (i % 9)}1${i % 10}`
    records.push(person('pos', `p${i}`, `given${i}`, `surname${i % 7}`, dob, String(2000 + i)))
    if (i % 2 === 0) records.push(person('web', `w${i}`, `given${i}x`, `surname${i % 7}`, dob, String(2000 + i)))
  }
  book.addRecords(records)
  const found = book.suggestions({ minProbability: 0.5 })
  assert.equal(found.suggestions.length, 10)
  assert.equal(book.resolution().profiles.length, 30)
  const [best] = found.suggestions
  book.correct({ type: 'accept_review', left: best.left, right: best.right, by: 'cs', reason: 'checked' })
  assert.equal(book.resolution().profiles.length, 29)
  assert.throws(() => book.suggestions({ maxBlock: 1 }), { code: 'INVALID_ARGUMENT' })
})

test('an inbound hash in a declared convention links', () => {
  const digits = require('node:crypto').createHash('sha256').update('14155552671').digest('hex')
  const records = [
    record('pos', 'c1', [['phone', '(415) 555-2671']]),
    { source: 'ads', recordId: 'm1', observedAt: t0, identifiers: [{ kind: 'phone', value: digits, hashed: true, convention: 'phone_digits_only' }] },
  ]
  const book = new CustomerBook({ hashedConventions: ['phone_digits_only'] })
  book.addRecords(records)
  assert.deepEqual(book.profileOf('ads/m1').members, ['ads/m1', 'pos/c1'])
})

test('records added off the event loop resolve as addRecords does; a bad batch rejects as it throws', async () => {
  const records = []
  for (let i = 0; i < 2_000; i++) {
    records.push(record(i % 2 ? 'pos' : 'web', `r${i}`,
      [['phone', `+1 415 555 ${String(1000 + (i >> 1)).padStart(4, '0')}`], ['email', `s${i >> 1}@example.com`]],
      { first_name: `N${i >> 1}` }))
  }
  const sync = new CustomerBook()
  sync.addRecords(records)
  const book = new CustomerBook()
  assert.equal(await book.addRecordsAsync(records), undefined)
  assert.equal(book.recordCount(), 2_000)
  assert.deepEqual(book.resolution(), sync.resolution())
  assert.equal(sync.resolution().profiles.length, 1_000)

  // The first bad record in order is the error, with nothing of the batch added.
  const bad = [record('web', 'x1', [['email', 'x@example.com']]), { ...record('web', 'x2', []), observedAt: 'soon' }, 42]
  let thrown
  assert.throws(() => book.addRecords(bad), (e) => { thrown = e; return true })
  await assert.rejects(book.addRecordsAsync(bad), { code: thrown.code, message: thrown.message })
  await assert.rejects(book.addRecordsAsync([42]), { code: 'INVALID_TYPE' })
  assert.equal(book.recordCount(), 2_000)
  await assert.rejects(book.addRecordsAsync(records, AbortSignal.abort()), { name: 'AbortError' })

  // Snapshots off the loop: the same bytes; a keyed book needs its secret back.
  const secret = crypto.randomBytes(32)
  const keyed = new CustomerBook(null, secret)
  await keyed.addRecordsAsync(records.slice(0, 10))
  const bytes = await keyed.toSnapshotAsync()
  assert.deepEqual(bytes, keyed.toSnapshot())
  const restored = await CustomerBook.fromSnapshotAsync(bytes, secret)
  assert.ok(restored instanceof CustomerBook)
  assert.deepEqual(restored.resolution(), keyed.resolution())
  await assert.rejects(CustomerBook.fromSnapshotAsync(bytes), (e) => typeof e.code === 'string' && e.code !== 'INTERNAL')
})
