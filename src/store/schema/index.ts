export * from './leads.ts';
export * from './org.ts';
export * from './events.ts';
export * from './outbox.ts';
export * from './admin.ts';
export * from './deliveries.ts';
export * from './inbound.ts';
export * from './deals.ts';
