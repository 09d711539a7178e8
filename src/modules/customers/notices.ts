// Customer tier notices → cards (F24).
import { defineNotices } from '../notice-kit.ts';
import { productPackCard, repurchaseCard } from './cards/tier-cards.ts';
import { CUSTOMER_NOTICE_DATA } from './notice-data.ts';

export const CUSTOMER_NOTICES = defineNotices(CUSTOMER_NOTICE_DATA, {
  'customers.repurchase': (d, ctx, locale) => repurchaseCard(d, ctx, locale),
  'customers.product_pack': (d, ctx, locale) => productPackCard(d, ctx, locale),
});
