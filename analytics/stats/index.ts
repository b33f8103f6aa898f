export { benjaminiHochberg } from './benjamini-hochberg.js'
export { fisherExact, type Alternative, type Table2x2 } from './fisher-exact.js'
export {
  hypergeometricLogPmf,
  hypergeometricLowerTail,
  hypergeometricSupport,
  hypergeometricTwoSided,
  hypergeometricUpperTail,
} from './hypergeometric.js'
export { normalQuantile } from './normal-quantile.js'
export {
  liftOf,
  liftRatioInterval,
  logLiftVariance,
  logRiskVariance,
  ratioInterval,
  type LiftCounts,
  type LogEstimate,
  type RatioInterval,
} from './ratio-interval.js'
export { welchTTest, type Moments } from './welch-t-test.js'
