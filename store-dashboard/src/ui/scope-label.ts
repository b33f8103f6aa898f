/**
 * A scope name as people read it.
 * @example scopeLabel('store:S001') // 'Store S001'
 */
export function scopeLabel(scope: string): string {
  if (scope === 'chain') return 'Chain'
  if (scope.startsWith('store:')) return `Store ${scope.slice(6)}`
  if (scope.startsWith('region:')) return `Region ${scope.slice(7)}`
  return scope
}
