import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';

/** Below this width the account bar is a menu behind a button in the top bar (base.css uses the same width). */
export const phoneQuery = '(max-width: 720px)';

interface Menu {
  open: boolean;
  toggle(): void;
  /** Closes the menu; with `focusButton`, focus goes back to the button that opened it (Escape). */
  close(focusButton?: boolean): void;
  button: RefObject<HTMLButtonElement | null>;
}

const MenuContext = createContext<Menu>({ open: false, toggle() {}, close() {}, button: { current: null } });

/** Whether the phone's menu (the account bar as a drawer) is open, and how to open and close it. */
export const useMenu = () => useContext(MenuContext);

/** Holds the menu's state for the frame; a window grown past a phone's width closes it. */
export function MenuProvider({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const close = useCallback((focusButton?: boolean) => {
    setOpen(false);
    if (focusButton) button.current?.focus();
  }, []);
  const toggle = useCallback(() => setOpen((was) => !was), []);
  useEffect(() => {
    const query = window.matchMedia(phoneQuery);
    const onChange = (event: MediaQueryListEvent) => {
      if (!event.matches) setOpen(false);
    };
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  const menu = useMemo(() => ({ open, toggle, close, button }), [open, toggle, close]);
  return <MenuContext value={menu}>{children}</MenuContext>;
}
