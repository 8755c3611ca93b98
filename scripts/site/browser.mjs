// Opens the built documentation site in headless Chromium, as a reader would, and fails on
// what a reader would hit: a page that does not render what it should, a script error, a
// request that fails (a missing stylesheet, script, font or search index), or a search box
// that finds nothing.
//
//   node scripts/site/browser.mjs target/site
//
// The site is served over HTTP on loopback (search indexes are fetched by script, which
// file:// pages may not do). Chromium is Debian's (chromium-headless-shell, else chromium);
// CHROMIUM=path chooses another. Screenshots of each page go to target/site-check/.
import { createServer } from 'node:http'
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs'
import { extname, join, resolve, sep } from 'node:path'
import { execFileSync } from 'node:child_process'
import { chromium } from 'playwright-core'

const site = resolve(process.argv[2] ?? 'target/site')
const shots = resolve(site, '..', 'site-check')
if (!existsSync(join(site, 'index.html'))) {
  console.error(`${site}: no index.html; build the site first (bash scripts/docs-site.sh)`)
  process.exit(2)
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8', '.toml': 'text/plain; charset=utf-8',
}

// A static file server: what GitHub Pages or any web server does with the directory.
function serve(root) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://site').pathname)
    let file = resolve(root, '.' + path)
    if (file !== root && !file.startsWith(root + sep)) { res.writeHead(403).end(); return }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html')
    if (!existsSync(file)) { res.writeHead(404).end('not found'); return }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
    createReadStream(file).pipe(res)
  })
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)))
}

function browserPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM
  for (const name of ['chromium-headless-shell', 'chromium']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim()
    } catch { /* try the next one */ }
  }
  console.error('no Chromium: install Debian\'s chromium-headless-shell (scripts/test.sh does)')
  process.exit(2)
}

const failures = []
function expect(condition, what) {
  if (!condition) failures.push(what)
  return condition
}

// Opens one page and records everything that went wrong while it loaded and ran.
async function visit(context, base, path, check) {
  const page = await context.newPage()
  const problems = []
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`) })
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`))
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`))
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`) })
  const response = await page.goto(base + path, { waitUntil: 'networkidle' })
  expect(response?.status() === 200, `${path}: HTTP ${response?.status()}`)
  try {
    await check(page)
  } catch (e) {
    failures.push(`${path}: ${e.message.split('\n')[0]}`)
  }
  await page.screenshot({ path: join(shots, path.replace(/[^\w.-]+/g, '_') + '.png'), fullPage: false })
  for (const p of problems) failures.push(`${path}: ${p}`)
  console.log(`  ${path}: ${problems.length ? problems.length + ' problem(s)' : 'ok'}`)
  await page.close()
}

const text = (page, selector) => page.locator(selector).first().innerText({ timeout: 10_000 })

mkdirSync(shots, { recursive: true })
const server = await serve(site)
const base = `http://127.0.0.1:${server.address().port}/`
const browser = await chromium.launch({
  executablePath: browserPath(),
  headless: true,
  // As root in a container Chromium needs --no-sandbox; the rest keep it off a network it
  // cannot reach (each refused connection is a console error otherwise).
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })

  await visit(context, base, 'index.html', async (page) => {
    expect((await page.title()).includes('Seamline'), 'index.html: title does not name Seamline')
    const nav = await text(page, 'nav.md-nav--primary')
    for (const entry of ['API reference', 'Reconciliation', 'Errors']) {
      expect(nav.includes(entry), `index.html: the navigation has no "${entry}"`)
    }
    // The theme's search: an index built from every guide, queried by a web worker.
    // As a reader does: the "s" shortcut opens the search box, then keystrokes (the theme
    // searches on key events, so filling the field's value would find nothing).
    await page.keyboard.press('s')
    await page.locator('input.md-search__input').waitFor({ state: 'visible' })
    await page.keyboard.type('oversell', { delay: 20 })
    await page.locator('.md-search-result__item').first().waitFor({ timeout: 10_000 })
    const hits = await page.locator('.md-search-result__item').allInnerTexts()
    expect(hits.some((h) => /buffer/i.test(h)), `index.html: searching "oversell" does not find the buffer guide (${hits.length} results)`)
  })

  await visit(context, base, 'reconciliation.html', async (page) => {
    expect((await text(page, 'article h1')).length > 0, 'reconciliation.html: no heading')
    const blocks = await page.locator('article pre code').count()
    expect(blocks > 0, 'reconciliation.html: no code examples rendered')
    // A fence's runner marks (```python no-run) must not leak into the page.
    const body = await text(page, 'article')
    expect(!/```|no-run/.test(body), 'reconciliation.html: raw fence marks in the page')
  })

  await visit(context, base, 'api.html', async (page) => {
    const links = await page.locator('article a[href^="api/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')))
    expect(links.length >= 4, `api.html: ${links.length} links to the references, 4 expected`)
  })

  await visit(context, base, 'api/rust/seamline/index.html', async (page) => {
    expect((await text(page, 'h1')).includes('seamline'), 'rustdoc: no crate heading')
    for (const href of ['inventory/index.html', 'reconciliation/index.html', 'money/struct.Money.html']) {
      expect((await page.locator(`a[href="${href}"]`).count()) > 0, `rustdoc: the crate page does not link ${href}`)
    }
  })

  // rustdoc's own search, run by its scripts over its search index.
  await visit(context, base, 'api/rust/seamline/index.html?search=Ledger', async (page) => {
    await page.locator('.search-results a').first().waitFor({ timeout: 15_000 })
    const found = await page.locator('.search-results a').allInnerTexts()
    expect(found.some((r) => r.includes('Ledger')), 'rustdoc search: "Ledger" finds nothing named Ledger')
  })

  await visit(context, base, 'api/rust/seamline_arrow/index.html', async (page) => {
    expect((await text(page, 'h1')).includes('seamline_arrow'), 'rustdoc: no seamline_arrow heading')
  })

  await visit(context, base, 'api/python/seamline.html', async (page) => {
    for (const name of ['Ledger', 'reconcile_columns', 'SeamlineError']) {
      expect((await page.locator(`[id="${name}"]`).count()) > 0, `pdoc: ${name} is not documented`)
    }
  })

  await visit(context, base, 'api/typescript/index.html', async (page) => {
    const body = await text(page, 'body')
    for (const name of ['Ledger', 'reconcile', 'SeamlineError']) {
      expect(body.includes(name), `TypeDoc: ${name} is not listed`)
    }
  })
} finally {
  await browser.close()
  server.close()
}

if (failures.length) {
  for (const f of failures) console.error(`site check: ${f}`)
  process.exit(1)
}
console.log(`site opened in Chromium: every page rendered, no errors (screenshots in ${shots})`)
