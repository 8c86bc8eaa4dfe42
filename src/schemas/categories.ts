import { z } from 'zod';
import { AccountId, NAME_LENGTH_MAX, TimestampOut } from './common.js';

export const CategoryCode = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,31}$/, 'lower-case letters, digits and "_", starting with a letter, at most 32')
  .meta({ id: 'CategoryCode', examples: ['public_labour'] });

export const CreateCategoryBody = z
  .strictObject({ code: CategoryCode, name: z.string().trim().min(1).max(NAME_LENGTH_MAX) })
  .meta({ id: 'CreateCategory' });

export const Category = z
  .object({ code: CategoryCode, name: z.string(), issuanceAccountId: AccountId, createdAt: TimestampOut })
  .meta({ id: 'Category', description: 'An earning category and the system account its points are issued from.' });

export const CategoryList = z.object({ data: z.array(Category) }).meta({ id: 'CategoryList', description: 'Every earning category.' });
