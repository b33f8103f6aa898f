import type { Role } from '../api/wire-types.js'

const LABELS: Record<Role, string> = { admin: 'administrator', marketing: 'marketing', store_manager: 'store manager' }

/** A role as people read it: 'store manager'. */
export const roleLabel = (role: Role): string => LABELS[role]
