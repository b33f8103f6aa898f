import { z } from 'zod'
import { CodeSchema } from './common.js'

// Mirrors api/auth/password-hash.ts (PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH); contracts import only zod.
const PASSWORD_MIN_LENGTH = 12
const PASSWORD_MAX_LENGTH = 1024

export const UserRoleSchema = z.enum(['admin', 'marketing', 'store_manager']).describe(
  'admin: everything; marketing: every store, customer-level data; store_manager: its stores only, aggregates only',
)

/** A username: stored lower-case, so `Anna.Smit` and `anna.smit` are one user. */
export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._@-]{0,63}$/, 'letters, digits, ".", "_", "@" and "-", starting with a letter or digit, 1 to 64 characters')
  .describe('Case-insensitive; stored lower-case')

/** A new password: 12 to 1024 characters (a passphrase is welcome). */
export const NewPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `at most ${PASSWORD_MAX_LENGTH} characters`)

export const SignInSchema = z
  .object({
    username: z.string().min(1).max(200),
    password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  })
  .strict()
  .meta({ id: 'SignIn' })
export type SignIn = z.infer<typeof SignInSchema>

/** The signed-in user as the dashboard shows it. */
export const SessionUserSchema = z
  .object({
    username: z.string(),
    displayName: z.string(),
    role: UserRoleSchema,
    stores: z.array(z.string()).describe("Codes of a store manager's stores; empty for the other roles"),
  })
  .meta({ id: 'SessionUser' })
export type SessionUser = z.infer<typeof SessionUserSchema>

export const SessionSchema = z
  .object({
    user: SessionUserSchema,
    csrfToken: z.string().describe('Send as header X-CSRF-Token on every POST, PUT, PATCH and DELETE made with the session cookie'),
  })
  .meta({ id: 'Session' })
export type Session = z.infer<typeof SessionSchema>

export const PasswordChangeSchema = z
  .object({
    currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
    newPassword: NewPasswordSchema,
  })
  .strict()
  .meta({ id: 'PasswordChange' })
export type PasswordChange = z.infer<typeof PasswordChangeSchema>

/** A user as an admin sees it (never the password hash). */
export const UserSchema = SessionUserSchema.extend({
  disabled: z.boolean(),
  disabledAt: z.string().nullable(),
  createdAt: z.string(),
  passwordChangedAt: z.string(),
}).meta({ id: 'User' })
export type User = z.infer<typeof UserSchema>

export const UserInputSchema = z
  .object({
    username: UsernameSchema,
    displayName: z.string().trim().min(1).max(200).optional().describe('Defaults to the username'),
    role: UserRoleSchema,
    stores: z.array(CodeSchema).max(1000).default([]).describe('Store codes; required (at least one) for a store_manager, empty otherwise'),
    password: NewPasswordSchema,
  })
  .strict()
  .meta({ id: 'UserInput' })
export type UserInput = z.input<typeof UserInputSchema>

/** Changes to a user; absent fields stay as they are. */
export const UserPatchSchema = z
  .object({
    displayName: z.string().trim().min(1).max(200).optional(),
    role: UserRoleSchema.optional(),
    stores: z.array(CodeSchema).max(1000).optional().describe("Replaces the store manager's stores"),
    disabled: z.boolean().optional().describe('true ends every session of the user at once; false lets the user sign in again'),
    password: NewPasswordSchema.optional().describe("Sets a new password and ends the user's sessions"),
  })
  .strict()
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'at least one field to change')
  .meta({ id: 'UserPatch' })
export type UserPatch = z.infer<typeof UserPatchSchema>
