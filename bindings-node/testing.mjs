// ES module entry of `forumpay/testing`.
export * from './testing.js'
export { default } from './testing.js'
