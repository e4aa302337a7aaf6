import type { ThemeConfig } from 'antd';

/** A sober, official look: one deep blue, system fonts that carry Vietnamese diacritics well. */
export const BRAND = '#0b5394';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: BRAND,
    borderRadius: 6,
    fontFamily:
      "-apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif, 'Apple Color Emoji', 'Segoe UI Emoji'",
  },
  components: {
    Layout: { siderBg: '#0a2f55', headerBg: '#ffffff', headerPadding: '0 24px', bodyBg: '#f3f5f8' },
    Menu: { darkItemBg: '#0a2f55', darkSubMenuItemBg: '#08263f', darkItemSelectedBg: BRAND },
  },
};

export const PRODUCT_NAME = 'theodoi';
export const PRODUCT_TAGLINE = 'Theo dõi, đôn đốc nhiệm vụ KH&CN, ĐMST và CĐS';
