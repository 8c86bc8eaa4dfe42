import { z } from 'zod';
import { AccountId, NAME_LENGTH_MAX, TimestampOut } from './common.js';

export const CategoryCode = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,31}$/, 'lower-case letters, digits and "_", starting with a letter, at most 32')
  .meta({ id: 'CategoryCode', examples: ['public_labour'] });

export const EarningPath = z.enum(['direct', 'certified']).meta({
  id: 'EarningPath',
  description:
    "direct: an issuer credits points at once (POST /v1/earnings). certified: points come from activities whose claims certifiers confirm and the public notice lets pass (POST /v1/activities); an issuer's direct earning is refused (an admin's is not).",
});

/** The longest public notice window: 60 days. */
export const NOTICE_DAYS_MAX = 60;

export const CreateCategoryBody = z
  .strictObject({
    code: CategoryCode,
    name: z.string().trim().min(1).max(NAME_LENGTH_MAX),
    earnings: EarningPath.default('direct'),
    noticeDays: z
      .number()
      .min(0)
      .max(NOTICE_DAYS_MAX)
      .default(3)
      .describe('How long certified claims hang on public notice, in days; fractions allowed (0.001 is 86.4 seconds, for a rehearsal).'),
  })
  .meta({ id: 'CreateCategory' });

export const Category = z
  .object({
    code: CategoryCode,
    name: z.string(),
    issuanceAccountId: AccountId,
    createdAt: TimestampOut,
    earnings: EarningPath,
    noticeDays: z.number(),
  })
  .meta({ id: 'Category', description: 'An earning category and the system account its points are issued from.' });

export const CategoryList = z.object({ data: z.array(Category) }).meta({ id: 'CategoryList', description: 'Every earning category.' });
