// Asks before cancelling a graph: cancelling stops its running nodes for good, and a cancelled graph's nodes
// cannot be retried. A modal <dialog>, so Escape and the "Keep running" button (focused first) both leave the
// graph running.
import { useEffect, useRef } from "preact/hooks";
import "./cancel-dialog.css";

interface Props {
  graphName: string;
  graphId: string;
  onConfirm(): void;
  onKeep(): void;
}

export function CancelDialog({ graphName, graphId, onConfirm, onKeep }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const confirmed = useRef(false);
  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);
  const close = () => {
    if (confirmed.current) onConfirm();
    else onKeep();
  };
  return (
    <dialog
      ref={dialog}
      class="confirm"
      aria-labelledby="cancel-dialog-title"
      aria-describedby="cancel-dialog-text"
      onClose={close}
    >
      <h2 id="cancel-dialog-title">Cancel graph “{graphName || graphId}”?</h2>
      <p id="cancel-dialog-text">
        Its running nodes are stopped and the nodes still to run never run. A cancelled graph cannot be
        resumed, and its nodes cannot be retried. <code class="id">{graphId}</code>
      </p>
      <form method="dialog" class="controls">
        {/* First in the form, so it has the focus when the dialog opens. */}
        <button type="submit" value="keep" autofocus>
          Keep running
        </button>
        <button
          type="submit"
          value="cancel"
          class="danger"
          onClick={() => {
            confirmed.current = true;
          }}
        >
          Cancel graph
        </button>
      </form>
    </dialog>
  );
}
