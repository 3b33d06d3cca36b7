export { EntityRegistry, newEntityId, withRecord, type Entity, type EntityDuplicate, type EntitySuggestion } from './registry';
export { visibleAliases } from './merge';
export { findMentions, mentionFinder, type Mention, type MentionOptions, type MentionTarget } from './mentions';
