import type { ReactNode } from 'react';
import type { Entity } from '../../shared/entities';
import type { AttributeDefOf, AttributeKind } from '../../shared/model/attributeKinds';
import { BooleanField, ChoiceField, ChoicesField, IntegerAttributeField, RangeAttributeField, TextAttributeField, type FieldProps } from './AttributeField';
import { EntityField, type EntityFieldProps } from './EntityField';

/** What an entity field needs beyond what every field is given: the registry and the span. */
export interface EntityBinding extends Pick<EntityFieldProps, 'mention' | 'onLink' | 'onFindMentions' | 'onProposal'> {
  /** The entity an id stands for (merged entities resolved). */
  resolve(id: string): Entity | undefined;
}

export interface AttributeEditorProps<K extends AttributeKind> extends FieldProps<AttributeDefOf<K>> {
  entity: EntityBinding;
}

/**
 * Each attribute kind's editor in the inspector: the renderer's half of the kinds' table
 * (shared/model/attributeKinds.ts, which holds everything but React), keyed by the same kinds,
 * so a kind without an editor fails the type check.
 */
export const ATTRIBUTE_EDITORS: { readonly [K in AttributeKind]: (props: AttributeEditorProps<K>) => ReactNode } = {
  choice: (p) => <ChoiceField {...p} />,
  choices: (p) => <ChoicesField {...p} />,
  integer: (p) => <IntegerAttributeField {...p} />,
  range: (p) => <RangeAttributeField {...p} />,
  boolean: (p) => <BooleanField {...p} />,
  text: (p) => <TextAttributeField {...p} />,
  entity: (p) => (
    <EntityField
      fieldId={p.fieldId}
      value={typeof p.value === 'string' ? p.value : undefined}
      entity={typeof p.value === 'string' ? p.entity.resolve(p.value) : undefined}
      mention={p.entity.mention}
      disabled={p.disabled}
      onLink={p.entity.onLink}
      onUnlink={() => p.onChange(() => undefined)}
      onFindMentions={p.entity.onFindMentions}
      onProposal={p.entity.onProposal}
    />
  ),
};

/** One attribute's editor in the inspector: its kind's, from ATTRIBUTE_EDITORS. */
export function AttributeEditor(props: AttributeEditorProps<AttributeKind>) {
  const Editor = ATTRIBUTE_EDITORS[props.def.type] as (p: AttributeEditorProps<AttributeKind>) => ReactNode;
  return <Editor {...props} />;
}
