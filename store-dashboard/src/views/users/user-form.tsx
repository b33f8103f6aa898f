import { useState } from 'preact/hooks'
import { apiSend } from '../../api/api-client.js'
import type { Role, User } from '../../api/wire-types.js'
import { problemText } from './problem-text.js'
import { StoreCheckboxes } from './store-checkboxes.js'

/** Adds a user: POST /v1/users. A store manager needs at least one store; the password at least 12 characters. */
export function UserForm({ storeCodes, onCreated }: { storeCodes: string[]; onCreated: (u: User) => void }) {
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [role, setRole] = useState<Role>('store_manager')
  const [stores, setStores] = useState<string[]>([])
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)

  const submit = async (e: Event) => {
    e.preventDefault()
    setError(null)
    try {
      const user = await apiSend<User>('POST', '/v1/users', {
        username,
        ...(displayName.trim() ? { displayName } : {}),
        role,
        stores: role === 'store_manager' ? stores : [],
        password,
      })
      setUsername('')
      setDisplayName('')
      setPassword('')
      setStores([])
      onCreated(user)
    } catch (err) {
      setError(problemText(err))
    }
  }

  return (
    <form class="panel form-grid" onSubmit={submit} aria-labelledby="add-user-title">
      <h2 id="add-user-title">Add a user</h2>
      <div class="field">
        <label for="new-username">Username</label>
        <input id="new-username" required autocomplete="off" value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="new-display-name">Display name</label>
        <input id="new-display-name" autocomplete="off" value={displayName} onInput={(e) => setDisplayName(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="new-role">Role</label>
        <select id="new-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
          <option value="store_manager">Store manager</option>
          <option value="marketing">Marketing</option>
          <option value="admin">Administrator</option>
        </select>
      </div>
      {role === 'store_manager' && <StoreCheckboxes idPrefix="new-store" storeCodes={storeCodes} chosen={stores} onChange={setStores} />}
      <div class="field">
        <label for="new-password">Password</label>
        <input id="new-password" type="password" required minLength={12} autocomplete="new-password" aria-describedby="new-password-hint" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        <span id="new-password-hint" class="hint">At least 12 characters; a passphrase is welcome.</span>
      </div>
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <div class="field field-button">
        <button type="submit" class="button-primary">
          Add user
        </button>
      </div>
    </form>
  )
}
