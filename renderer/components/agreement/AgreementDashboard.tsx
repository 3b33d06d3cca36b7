import type { ProjectInfo } from '../../../shared/api/contract';

/** The agreement dashboard (issue 4): being built. */
export function AgreementDashboard(props: { project: ProjectInfo; onOpenDocument: (docId: string) => void; onClose: () => void }) {
  return (
    <main className="agreement-pane" data-testid="agreement-dashboard">
      <h1>Agreement — {props.project.name}</h1>
      <button onClick={props.onClose}>Close</button>
    </main>
  );
}
