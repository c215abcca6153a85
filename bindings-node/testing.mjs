// ES module entry of `forumpay/testing`.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const testing = require('./testing.js')

export const { Sandbox, SandboxError } = testing
export default testing
