import { expect, it } from 'vitest'
import { runProgressOf } from './run-progress-of.js'

it('gives the percent to one decimal, capped at 100, and null when the total is unknown', () => {
  expect(runProgressOf('mine', 1, 3)).toEqual({ phase: 'mine', done: 1, total: 3, percent: 33.3 })
  expect(runProgressOf('mine', 7, 5)).toEqual({ phase: 'mine', done: 7, total: 5, percent: 100 })
  expect(runProgressOf('spin', 1234, 0)).toEqual({ phase: 'spin', done: 1234, total: 0, percent: null })
  expect(runProgressOf(null, null, null)).toEqual({ phase: null, done: null, total: null, percent: null })
})
