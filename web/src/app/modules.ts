// The product's areas, in the order the menu lists them: the router and the menu are built from
// this list, so a new area (src/modules/<area>/index.ts exporting `routes` and `nav`) is one line.
import * as audit from '@/modules/audit';
import * as crm from '@/modules/crm';
import * as home from '@/modules/home';
import * as identity from '@/modules/identity';
import * as messages from '@/modules/messages';
import * as notifications from '@/modules/notifications';
import * as org from '@/modules/org';
import * as sales from '@/modules/sales';
import * as vehicles from '@/modules/vehicles';
import * as webhooks from '@/modules/webhooks';
import type { AppModule } from './module';

export const modules: readonly AppModule[] = [home, vehicles, sales, crm, identity, org, audit, messages, webhooks, notifications];
