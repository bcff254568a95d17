// A modal dialog on the native <dialog>: the browser keeps focus inside and the page behind
// inert; Escape closes it, and focus returns to whatever opened it.
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

interface Props {
  title: string;
  titleId: string;
  className?: string;
  onClose: () => void;
  children: ReactNode;
}

export function Dialog({ title, titleId, className, onClose, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      opener?.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`modal ${className ?? ''}`}
      aria-labelledby={titleId}
      onCancel={(e) => {
        // Escape: we unmount the dialog ourselves, so React state stays the one truth.
        e.preventDefault();
        closeRef.current();
      }}
    >
      <h2 id={titleId} className="modal-title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}
