#!/usr/bin/env node
'use strict'
// Stages the npm packages of a release from built addons, the way the napi CLI lays them out:
// the main package `forumpay` (the JS facade, the loader napi generated, optionalDependencies on
// every platform package of `napi.targets`) and one package per platform (`forumpay-linux-x64-gnu`,
// ...) holding only its `.node` file. `make dist` packs what this stages; `make test` stages the
// debug build of this machine's platform and checks the contents (release/check-node-package.js).
//
// Usage: node release/stage-node.js <artifacts dir> <stage dir>
//   <artifacts dir>: what `napi build --platform --js native.js --dts native.d.ts -o <dir>` wrote
//   (forumpay.<platform>.node files, native.js, native.d.ts).
// Prints the folders to pack, one a line: the main package first, then each platform package
// that has its binary (the others are declared for a hosted CI to build).

const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const PACKAGE = path.join(__dirname, '..', 'bindings-node')
const NAPI = path.join(PACKAGE, 'node_modules', '.bin', 'napi')
const LICENSES = ['LICENSE-MIT', 'LICENSE-APACHE']
/** Files of the main package that the build writes instead of git. */
const GENERATED = new Set(['native.js', 'native.d.ts'])

/** Runs the napi CLI in the staged package (it refuses paths outside the package it runs in). */
function napi (cwd, ...args) {
  const run = spawnSync(NAPI, args, { cwd, encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`napi ${args.join(' ')} failed:\n${run.stdout}${run.stderr}`)
}

function readJson (file) { return JSON.parse(fs.readFileSync(file, 'utf8')) }
function writeJson (file, value) { fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n') }

/** The main package: every file of `files`, the generated loader taken from the build. */
function stageMain (artifacts, dir) {
  const pkg = readJson(path.join(PACKAGE, 'package.json'))
  fs.mkdirSync(dir, { recursive: true })
  for (const file of pkg.files) {
    const from = GENERATED.has(file) ? path.join(artifacts, file) : path.join(PACKAGE, file)
    if (!fs.existsSync(from)) throw new Error(`stage-node: ${from} is missing (listed in package.json files)`)
    // An entry may be a folder (`generated/`): copied whole, as npm packs it whole.
    fs.cpSync(from, path.join(dir, file), { recursive: true })
  }
  writeJson(path.join(dir, 'package.json'), pkg)
  return pkg
}

/**
 * optionalDependencies as `napi pre-publish` writes them: one per declared target, at the
 * package's version. (`napi pre-publish` itself also publishes the platform packages and
 * insists on a binary for every declared target; the release workflow runs it.)
 */
function optionalDependencies (pkg, platformDirs) {
  const deps = {}
  for (const dir of platformDirs) deps[readJson(path.join(dir, 'package.json')).name] = pkg.version
  return deps
}

function main () {
  const [artifacts, stage] = process.argv.slice(2).map((p) => path.resolve(p))
  if (!artifacts || !stage) throw new Error('usage: stage-node.js <artifacts dir> <stage dir>')
  fs.rmSync(stage, { recursive: true, force: true })
  const mainDir = path.join(stage, 'forumpay')
  // Inside the main package folder (napi's rule); its `files` list keeps it out of the tarball.
  const npmDir = path.join(mainDir, 'npm')
  const pkg = stageMain(artifacts, mainDir)
  const packageJson = path.join(mainDir, 'package.json')

  // One folder per napi target with its package.json (os, cpu, libc, main) and README.
  napi(mainDir, 'create-npm-dirs', '--package-json-path', packageJson, '--npm-dir', npmDir)
  // Each forumpay.<platform>.node of the build goes into its platform folder. (`napi artifacts`
  // does the same but insists on a binary for every declared target, which only the hosted CI
  // has.)
  const platformDirs = fs.readdirSync(npmDir).sort().map((name) => path.join(npmDir, name))
  const built = []
  for (const dir of platformDirs) {
    const manifest = readJson(path.join(dir, 'package.json'))
    for (const license of LICENSES) fs.copyFileSync(path.join(PACKAGE, license), path.join(dir, license))
    manifest.files = [...manifest.files, ...LICENSES]
    writeJson(path.join(dir, 'package.json'), manifest)
    const binary = path.join(artifacts, manifest.main)
    if (fs.existsSync(binary)) {
      fs.copyFileSync(binary, path.join(dir, manifest.main))
      built.push(dir)
    }
  }
  writeJson(packageJson, { ...pkg, optionalDependencies: optionalDependencies(pkg, platformDirs) })
  process.stdout.write([mainDir, ...built].join('\n') + '\n')
}

main()
