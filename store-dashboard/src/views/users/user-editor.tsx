import { useEffect, useRef, useState } from 'preact/hooks'
import { apiSend } from '../../api/api-client.js'
import type { Role, User } from '../../api/wire-types.js'
import { problemText } from './problem-text.js'
import { StoreCheckboxes } from './store-checkboxes.js'

/** Changes a user's role and stores: PATCH /v1/users/{username}. */
export function UserEditor({ user, storeCodes, onDone }: { user: User; storeCodes: string[]; onDone: (message: string | null) => void }) {
  const [role, setRole] = useState<Role>(user.role)
  const [stores, setStores] = useState<string[]>(user.stores)
  const [error, setError] = useState<string | null>(null)
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])

  const submit = async (e: Event) => {
    e.preventDefault()
    try {
      await apiSend('PATCH', `/v1/users/${encodeURIComponent(user.username)}`, role === 'store_manager' ? { role, stores } : { role })
      onDone(`${user.username} changed.`)
    } catch (err) {
      setError(problemText(err))
    }
  }

  return (
    <form class="panel form-grid" onSubmit={submit} aria-labelledby="edit-user-title">
      <h2 id="edit-user-title" ref={heading} tabIndex={-1}>
        Change {user.username}
      </h2>
      <div class="field">
        <label for="edit-role">Role</label>
        <select id="edit-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
          <option value="store_manager">Store manager</option>
          <option value="marketing">Marketing</option>
          <option value="admin">Administrator</option>
        </select>
      </div>
      {role === 'store_manager' && <StoreCheckboxes idPrefix="edit-store" storeCodes={storeCodes} chosen={stores} onChange={setStores} />}
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <div class="field field-button">
        <button type="submit" class="button-primary">
          Save
        </button>{' '}
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  )
}
