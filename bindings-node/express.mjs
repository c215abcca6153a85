// ES module entry of `forumpay/express`.
export * from './express.js'
export { default } from './express.js'
