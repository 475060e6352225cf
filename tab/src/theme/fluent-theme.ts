import { teamsDarkTheme, teamsHighContrastTheme, webLightTheme, type Theme } from '@fluentui/react-components';
import type { ThemeName } from '../host/tab-host';

export function fluentTheme(name: ThemeName): Theme {
  if (name === 'dark') return teamsDarkTheme;
  if (name === 'contrast') return teamsHighContrastTheme;
  return webLightTheme;
}
