'use strict'
// Shared pieces of the browser tests: Debian's Chromium driven by playwright-core, the other
// languages' clients run as child processes, screenshots, and a small accessibility audit.

const { chromium } = require('playwright-core')
const { execFile, spawn } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const ROOT = path.resolve(__dirname, '..', '..')
const CHROMIUM = process.env.FORUMPAY_CHROMIUM || '/usr/bin/chromium'
const PYTHON = process.env.FORUMPAY_TEST_PYTHON || path.join(ROOT, 'bindings-python', '.venv', 'bin', 'python')
const TARGET = process.env.CARGO_TARGET_DIR ? path.resolve(ROOT, process.env.CARGO_TARGET_DIR) : path.join(ROOT, 'target')
const CLI = path.join(TARGET, 'debug', 'forumpay')
const SCREENSHOTS = path.join(__dirname, 'screenshots')

/** A phone-sized screen (the point-of-sale case). */
const PHONE = { width: 360, height: 740 }

/**
 * Starts Chromium headless with a fresh profile (removed by `close`). Nothing may reach the
 * network: the flags turn off every background request Chromium makes on its own.
 */
async function launch () {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'forumpay-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1100, height: 900 },
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'
    ]
  })
  return {
    context,
    async close () {
      await context.close()
      fs.rmSync(profile, { recursive: true, force: true })
    }
  }
}

/** Saves a full-page screenshot as `screenshots/<name>.png`. */
async function screenshot (page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true })
}

/** Runs a program; resolves with its exit code, stdout and stderr (never rejects on a non-zero exit). */
function run (program, args, env) {
  return new Promise((resolve, reject) => {
    execFile(program, args, { env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error)
      resolve({ code: error ? error.code : 0, stdout, stderr })
    })
  })
}

/** The environment that points a client at `sandbox`. */
function apiEnv (sandbox) {
  return { FORUMPAY_URL: sandbox.baseUrl, FORUMPAY_API_USER: sandbox.apiUser, FORUMPAY_API_SECRET: sandbox.apiSecret }
}

/** Runs the Python helper (`python_client.py`) with the wheel `make test-python` installed. */
async function python (sandbox, ...args) {
  const { code, stdout, stderr } = await run(PYTHON, [path.join(__dirname, 'python_client.py'), ...args], apiEnv(sandbox))
  if (code !== 0) throw new Error(`python_client.py ${args[0]} failed (${code}): ${stderr}`)
  return JSON.parse(stdout)
}

/** Runs the `forumpay` CLI (the Rust client) against `sandbox` with `--json`. */
async function cli (sandbox, ...args) {
  const env = { ...apiEnv(sandbox), FORUMPAY_POS_ID: 'web' }
  return run(CLI, ['--json', ...args], env)
}

/**
 * Starts `forumpay demo --keep` and resolves, once the demo is done and its emulator stays up,
 * with the dashboard URL it printed and a `stop()` that sends Ctrl-C (SIGINT) and resolves with
 * the exit code and everything printed.
 */
function keptDemo () {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FORUMPAY_')))
  const child = spawn(CLI, ['demo', '--keep'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out })))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('the demo did not stay up:\n' + out)) }, 60_000)
    child.stderr.on('data', (chunk) => { out += chunk })
    child.stdout.on('data', (chunk) => {
      out += chunk
      const kept = out.match(/The sandbox stays up: open (\S+) /)
      if (kept) {
        clearTimeout(timer)
        resolve({ dashboardUrl: kept[1], output: () => out, stop () { child.kill('SIGINT'); return exited } })
      }
    })
    exited.then(({ code }) => { clearTimeout(timer); reject(new Error(`the demo ended (${code}):\n${out}`)) })
  })
}

/** Waits until the payment page shows `state` (it updates itself; nothing reloads it). */
async function waitForState (page, state) {
  await page.locator(`#state[data-state="${state}"]`).waitFor({ timeout: 10_000 })
}

/**
 * Basic accessibility of the page as it is now: every form control has a label, every button
 * and link a name, every image a text alternative, text a contrast of at least 4.5:1 (3:1 when
 * large), and nothing wider than the screen. Returns the problems found (none is a pass).
 */
function audit (page) {
  return page.evaluate(() => {
    const problems = []
    const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'
    const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' + (el.textContent || '').trim().slice(0, 40) + '"'
    for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
      if (visible(el) && el.labels.length === 0 && !el.getAttribute('aria-label')) problems.push('no label: ' + describe(el))
    }
    for (const el of document.querySelectorAll('button, a[href]')) {
      const name = (el.getAttribute('aria-label') || el.textContent || '').trim()
      if (visible(el) && !name) problems.push('no name: ' + describe(el))
    }
    for (const el of document.querySelectorAll('img')) {
      if (!el.getAttribute('alt')) problems.push('no alt: ' + describe(el))
    }
    const rgba = (text) => {
      const m = text.match(/rgba?\(([^)]+)\)/)
      if (!m) return null
      const parts = m[1].split(/[ ,/]+/).filter(Boolean).map(Number)
      return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 }
    }
    const background = (el) => {
      for (let node = el; node; node = node.parentElement) {
        const c = rgba(getComputedStyle(node).backgroundColor)
        if (c && c.a > 0) return c
      }
      return { r: 255, g: 255, b: 255, a: 1 }
    }
    const luminance = (c) => {
      const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4 }
      return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b)
    }
    for (const el of document.querySelectorAll('body *')) {
      const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())
      if (!ownText || !visible(el)) continue
      const style = getComputedStyle(el)
      const fg = rgba(style.color)
      if (!fg) continue
      const bg = background(el)
      const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a)
      const ratio = (hi + 0.05) / (lo + 0.05)
      const size = parseFloat(style.fontSize)
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700)
      if (ratio < (large ? 3 : 4.5)) problems.push(`contrast ${ratio.toFixed(2)}: ${describe(el)}`)
    }
    if (document.documentElement.scrollWidth > window.innerWidth) {
      problems.push(`page wider than the screen: ${document.documentElement.scrollWidth} > ${window.innerWidth}`)
    }
    return problems
  })
}

module.exports = { PHONE, audit, cli, keptDemo, launch, python, screenshot, waitForState }
