/** The stores of a store manager, as a group of checkboxes with a legend. */
export function StoreCheckboxes({ idPrefix, storeCodes, chosen, onChange }: { idPrefix: string; storeCodes: string[]; chosen: string[]; onChange: (codes: string[]) => void }) {
  return (
    <fieldset class="checkboxes">
      <legend>Stores</legend>
      {storeCodes.map((code) => (
        <label key={code} for={`${idPrefix}-${code}`} class="checkbox">
          <input
            id={`${idPrefix}-${code}`}
            type="checkbox"
            checked={chosen.includes(code)}
            onChange={(e) => onChange(e.currentTarget.checked ? [...chosen, code].sort() : chosen.filter((c) => c !== code))}
          />{' '}
          {code}
        </label>
      ))}
    </fieldset>
  )
}
