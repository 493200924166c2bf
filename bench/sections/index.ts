// Every benchmark section, in the order they run. Add a section here to have
// `npm run bench` run it (and `--only <name>` select it).

import type { BenchSection } from '../section';
import { floorSection } from './floor';

export const sections: BenchSection[] = [floorSection];
