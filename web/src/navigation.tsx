// History-API navigation: links that change the page without reloading it, and the hook that follows the URL.
import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { matchRoute, type Route } from "./router.js";

const NAVIGATED = "dago:navigated";

export function navigate(path: string): void {
  if (path === location.pathname + location.search) return;
  history.pushState(null, "", path);
  window.dispatchEvent(new Event(NAVIGATED));
}

/** Calls `update` after every navigation: a link followed, Back or Forward. */
function useNavigation(update: () => void): void {
  useEffect(() => {
    window.addEventListener("popstate", update);
    window.addEventListener(NAVIGATED, update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener(NAVIGATED, update);
    };
  }, [update]);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => matchRoute(location.pathname));
  useNavigation(useCallback(() => setRoute(matchRoute(location.pathname)), []));
  return route;
}

/** The address's query string (`?status=failed`), followed like the route. */
export function useSearch(): string {
  const [search, setSearch] = useState(() => location.search);
  useNavigation(useCallback(() => setSearch(location.search), []));
  return search;
}

interface LinkProps {
  href: string;
  children: ComponentChildren;
  class?: string;
  "aria-current"?: "page";
}

/** A plain link (it opens in a new tab with a modifier key or middle click) that navigates in place otherwise. */
export function Link({ href, children, ...rest }: LinkProps) {
  const onClick = (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}
