import { danaStory } from './dana';
import { leeStory, priyaStory } from './priyaAndLee';
import { samStory } from './sam';
import type { Story, StoryClock } from './story';

/** The persona stories support seeds, each told on one clock (see `storyClock`). */
export const PERSONA_STORIES: readonly ((at: StoryClock) => Story)[] = [
  danaStory,
  samStory,
  priyaStory,
  leeStory,
];
