// ES module entry: the same objects as the CommonJS one (one loaded addon).
export * from './index.js'
export { default } from './index.js'
