// The data of the org notices (see leads/notice-data.ts for why the schemas live apart from the renderers).
import { z } from 'zod';

export const ORG_NOTICE_DATA = {
  /** To the manager: a rep was deactivated by an org import, their leads offered to others again. */
  'person.deactivated': z.object({ personId: z.string(), leadIds: z.array(z.number()) }),
} as const;
