// The attributes and the display order of their values: the contract's own list (plain data).
export { ATTRIBUTES, type AttributeName } from '../../../../api/contract/demographic-attributes.js'
