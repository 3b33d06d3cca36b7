import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { ProjectInfo } from '../../shared/api/contract';
import type { TextPositions } from '../../shared/text/positions';
import { api } from '../api/client';
import type { CommandDef, Context } from '../commands/keymap';
import type { ArticleEditor } from '../editor/createEditor';
import type { LayerSession } from '../state/layerSession';
import { SuggestionController, type SuggestionsView } from './suggestions';

export interface Suggestions {
  controller: SuggestionController;
  view: SuggestionsView;
  /** The key map's context while a suggestion is current (read before the text's own). */
  contexts(): Context[];
  /** Runs a suggestion command of the key map; true when it was one. */
  command(command: CommandDef): boolean;
  /** A span was selected in the text: the current suggestion steps aside. */
  spanSelected(id: string | null): void;
}

/**
 * The suggestions of the open layer, for the editor pane: a controller made per document (its
 * ProseMirror plugin goes into the editor's `extraPlugins`), asked for suggestions once the
 * editor is there, and the key map's suggestion commands.
 */
export function useSuggestions(opts: {
  project: ProjectInfo;
  session: LayerSession;
  positions: TextPositions;
  editor: ArticleEditor | null;
  notice: (message: string) => void;
}): Suggestions {
  const { project, session, positions, editor } = opts;
  const notice = useRef(opts.notice);
  notice.current = opts.notice;
  const labels = useRef(project.labels);
  labels.current = project.labels;
  const controller = useMemo(
    () =>
      new SuggestionController(
        api,
        session,
        positions,
        {
          color: (id) => labels.current.find((l) => l.id === id)?.color,
          name: (id) => labels.current.find((l) => l.id === id)?.name ?? id,
        },
        (m) => notice.current(m),
      ),
    [session, positions],
  );
  useEffect(() => () => controller.dispose(), [controller]);
  useEffect(() => {
    if (!editor || editor.view.isDestroyed) return;
    controller.attach(editor.view);
    // The recommenders' names and kinds (for the marks), then the suggestions themselves.
    void controller.reloadAll();
  }, [controller, editor]);
  const view = useSyncExternalStore(controller.subscribe, controller.getSnapshot);

  const command = (c: CommandDef): boolean => {
    switch (c.id) {
      case 'suggestion.next':
        return controller.step(1) || true;
      case 'suggestion.previous':
        return controller.step(-1) || true;
      case 'suggestion.accept':
        void controller.accept();
        return true;
      case 'suggestion.acceptAll':
        void controller.acceptAllOf();
        return true;
      case 'suggestion.reject':
        void controller.reject();
        return true;
      case 'suggestion.leave':
        controller.choose(null, false);
        return true;
      default:
        return false;
    }
  };
  return {
    controller,
    view,
    contexts: () => (controller.current() ? ['suggestion'] : []),
    command,
    spanSelected: (id) => {
      if (id && controller.current()) controller.choose(null, false);
    },
  };
}
