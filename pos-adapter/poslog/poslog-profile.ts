import { z } from 'zod'

const Paths = z.array(z.string().min(1)).describe('Alternative paths, first match wins (see xml-node.ts for the syntax)')

/**
 * Where a POS vendor puts each field in its POSLog. Paths are relative to the
 * `Transaction` element (transaction fields) or to the line item's content
 * element (`Sale`, `Return`, `Tender`, ...). ARTS POSLog 2.x/6.x names are the
 * defaults; a vendor profile overrides what it moves, typically the loyalty
 * card, which most vendors carry in an extension element.
 */
export const PoslogProfileSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    namespaces: z.record(z.string(), z.string()).default({}).describe('Prefix → namespace URI, for prefixed path steps'),
    /** UTC offset added to date-times that carry none (many tills write local time without an offset). */
    defaultUtcOffset: z.string().regex(/^(Z|[+-]\d{2}:\d{2})$/).default('Z'),
    transaction: z.object({
      storeId: Paths.default(['RetailStoreID']),
      terminalId: Paths.default(['WorkstationID']),
      receiptNo: Paths.default(['SequenceNumber']),
      businessDay: Paths.default(['BusinessDayDate']),
      occurredAt: Paths.default(['EndDateTime', 'BeginDateTime']),
      currency: Paths.default(['CurrencyCode']),
      cancelled: Paths.default(['@CancelFlag', 'RetailTransaction/@TransactionStatus[=Cancelled]']),
      training: Paths.default(['@TrainingModeFlag']),
      cardNumber: Paths.default(['RetailTransaction/Customer/LoyaltyAccount/LoyaltyAccountID']),
      cardEntry: Paths.default(['RetailTransaction/Customer/LoyaltyAccount/LoyaltyAccountID/@EntryMethod']),
      householdId: Paths.default([]),
      total: Paths.default(['RetailTransaction/Total[@TotalType=TransactionGrandAmount]']),
      lineItems: z.string().default('RetailTransaction/LineItem'),
    }),
    line: z.object({
      lineNo: Paths.default(['SequenceNumber']),
      voidFlag: Paths.default(['@VoidFlag']),
      /** Content element name → what the line is. Unlisted elements are ignored (tax, CRM notes). */
      kinds: z.record(z.string(), z.enum(['sale', 'return', 'tender', 'discount', 'coupon', 'reward', 'ignore'])).default({
        Sale: 'sale',
        Return: 'return',
        Tender: 'tender',
        Discount: 'discount',
        Coupon: 'coupon',
        LoyaltyReward: 'reward',
        Tax: 'ignore',
      }),
    }),
    item: z.object({
      sku: Paths.default(['ItemID']),
      gtin: Paths.default(['POSIdentity[@POSIDType=GTIN]/POSItemID', 'POSIdentity/POSItemID']),
      quantity: Paths.default(['Quantity']),
      unitPrice: Paths.default(['RegularSalesUnitPrice', 'ActualSalesUnitPrice', 'UnitListPrice']),
      /** The line total after all line discounts, when the till gives it (ARTS ExtendedDiscountAmount). */
      netAmount: Paths.default(['ExtendedDiscountAmount']),
      /** quantity × selling price before line price modifiers (ARTS ExtendedAmount). */
      extendedAmount: Paths.default(['ExtendedAmount']),
      discountAmount: Paths.default(['DiscountAmount']),
      modifiers: z.string().default('RetailPriceModifier').describe('Price modifiers (markdowns, coupons) under the item'),
      modifierAmount: Paths.default(['Amount']),
      modifierCoupon: Paths.default(['CouponNumber', 'PromotionID']),
      returnLink: z.string().default('TransactionLink'),
    }),
    tender: z.object({
      type: Paths.default(['@TenderType']),
      amount: Paths.default(['Amount']),
      change: Paths.default(['TenderChange/Amount']),
      refund: Paths.default(['@TypeCode[=Refund]']),
      types: z.record(z.string(), z.enum(['cash', 'card', 'voucher', 'gift_card', 'mobile', 'loyalty_points', 'other'])).default({
        Cash: 'cash',
        CreditDebit: 'card',
        Credit: 'card',
        Debit: 'card',
        Check: 'other',
        Voucher: 'voucher',
        Coupon: 'voucher',
        GiftCard: 'gift_card',
        GiftCertificate: 'gift_card',
        StoredValue: 'gift_card',
        Mobile: 'mobile',
        Loyalty: 'loyalty_points',
        LoyaltyPoints: 'loyalty_points',
      }),
    }),
    discount: z.object({
      amount: Paths.default(['Amount']),
      couponCode: Paths.default(['CouponNumber', 'ScanCode']),
      promotionId: Paths.default(['PromotionID']),
      /** A reward/discount line only counts when this path matches (NCR repeats rewards in summary lines). */
      onlyWhen: Paths.default([]),
    }),
  })
  .strict()
export type PoslogProfile = z.infer<typeof PoslogProfileSchema>
export type PoslogProfileInput = z.input<typeof PoslogProfileSchema>

const d = { transaction: {}, line: {}, item: {}, tender: {}, discount: {} }

/** Plain ARTS POSLog: the loyalty card in Customer/LoyaltyAccount/LoyaltyAccountID. */
export const GENERIC_PROFILE = PoslogProfileSchema.parse({ name: 'generic', description: 'ARTS POSLog as the standard names it', ...d })

/**
 * NCR ACS (shape of the public kjbreil/poslog sample): the loyalty card is a
 * line item `acs:LoyaltyMembership/acs:LoyaltyID` with `acs:HouseholdID`;
 * rewards carry money in `acs:ExtendedRewardAmount` and are repeated in
 * summary lines, so only `acs:detailedData="true"` monetary rewards count;
 * date-times have no UTC offset.
 */
export const NCR_ACS_PROFILE = PoslogProfileSchema.parse({
  name: 'ncr-acs',
  description: 'NCR ACS POSLog with acs: extensions',
  namespaces: { acs: 'http://www.ncr.com/rsd/acs/tlog/markup/poslog/2.1' },
  defaultUtcOffset: '-05:00',
  transaction: {
    cardNumber: ['RetailTransaction/LineItem/acs:LoyaltyMembership/acs:LoyaltyID', 'RetailTransaction/Customer/LoyaltyAccount/LoyaltyAccountID'],
    cardEntry: ['RetailTransaction/LineItem/acs:LoyaltyMembership/acs:LoyaltyID/@EntryMethod', 'RetailTransaction/LineItem[acs:LoyaltyMembership=]/@EntryMethod'],
    householdId: ['RetailTransaction/LineItem/acs:LoyaltyMembership/acs:HouseholdID'],
  },
  line: {},
  item: {},
  tender: {},
  discount: {
    amount: ['acs:ExtendedRewardAmount', 'Amount'],
    onlyWhen: ['@acs:detailedData[=true]'],
  },
})

/**
 * A retailer-namespaced ARTS variant (shape of the FGL Sports stub): `arts:`
 * prefix on a retailer namespace, coupons as `RetailPriceModifier` with
 * `Amount Action="Subtract"`, separate `Discount` and `Tax` line items, and a
 * `Customer` holding only a postal code: its sales arrive without a card.
 */
export const FGL_ARTS_PROFILE = PoslogProfileSchema.parse({
  name: 'fgl-arts',
  description: 'Retailer-namespaced ARTS with RetailPriceModifier coupons, no loyalty card',
  ...d,
  transaction: { cardNumber: ['RetailTransaction/Customer/LoyaltyAccount/LoyaltyAccountID', 'RetailTransaction/Customer/LoyaltyID'] },
})

export const BUILT_IN_PROFILES: Record<string, PoslogProfile> = {
  generic: GENERIC_PROFILE,
  'ncr-acs': NCR_ACS_PROFILE,
  'fgl-arts': FGL_ARTS_PROFILE,
}
