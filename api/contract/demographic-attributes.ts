/**
 * The demographic attributes customer analytics breaks down by, with their values in display
 * order. Plain data (no zod), so the browser dashboard imports it without the schema library;
 * analytics/customers/attributes.ts codes customers by it. Postcode areas come from the data.
 */
export const ATTRIBUTES = [
  { name: 'ageBand', label: 'Age band', values: ['18-29', '30-44', '45-64', '65+'] },
  { name: 'gender', label: 'Gender', values: ['female', 'male', 'other', 'undisclosed'] },
  { name: 'incomeBand', label: 'Income band', values: ['low', 'lower_middle', 'middle', 'upper_middle', 'high'] },
  { name: 'education', label: 'Education', values: ['primary', 'secondary', 'vocational', 'tertiary', 'postgraduate'] },
  { name: 'householdSize', label: 'Household size', values: ['1', '2', '3', '4', '5+'] },
  { name: 'children', label: 'Children (youngest)', values: ['none', 'under 5', '5-11', '12-17', '18+'] },
  { name: 'postcodeArea', label: 'Postcode area', values: [] },
] as const satisfies readonly { name: string; label: string; values: readonly string[] }[]

export type AttributeName = (typeof ATTRIBUTES)[number]['name']
