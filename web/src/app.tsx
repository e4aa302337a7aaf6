import { lazy, type ReactNode, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import type { Permission } from '#common/permissions.ts';
import { AppLayout } from './components/app-layout.tsx';
import { Forbidden, NotFound, PageLoading } from './components/results.tsx';
import { LoginPage } from './features/auth/login-page.tsx';
import { HomePage } from './features/home/home-page.tsx';
import { useCan } from './lib/session.ts';

// Admin pages load on demand: a commune officer never downloads them.
const UnitsPage = lazy(() => import('./features/units/units-page.tsx'));
const UsersPage = lazy(() => import('./features/users/users-page.tsx'));
const AuditPage = lazy(() => import('./features/audit/audit-page.tsx'));
const AccountPage = lazy(() => import('./features/account/account-page.tsx'));
const CalendarPage = lazy(() => import('./features/calendar/calendar-page.tsx'));
const MyWorkPage = lazy(() => import('./features/my-work/my-work-page.tsx'));
const TasksPage = lazy(() => import('./features/tasks/tasks-page.tsx'));
const TaskDetailPage = lazy(() => import('./features/tasks/task-detail-page.tsx'));
const DocumentsPage = lazy(() => import('./features/documents/documents-page.tsx'));
const DocumentDetailPage = lazy(() => import('./features/documents/document-detail-page.tsx'));
const LinksPage = lazy(() => import('./features/links/links-page.tsx'));
const ImportPage = lazy(() => import('./features/plans/import-page.tsx'));
const DashboardPage = lazy(() => import('./features/dashboard/dashboard-page.tsx'));
const ExplanationsPage = lazy(() => import('./features/explanations/explanations-page.tsx'));
const PeriodsPage = lazy(() => import('./features/reporting/periods-page.tsx'));
const PeriodDetailPage = lazy(() => import('./features/reporting/period-detail-page.tsx'));
const UnitReportPage = lazy(() => import('./features/reporting/unit-report-page.tsx'));
const ConsolidatedListPage = lazy(() => import('./features/reporting/consolidated-list-page.tsx'));
const ConsolidatedPage = lazy(() => import('./features/reporting/consolidated-page.tsx'));
const RegimesPage = lazy(() => import('./features/reporting/regimes-page.tsx'));
const TargetsPage = lazy(() => import('./features/targets/targets-page.tsx'));
const IndicatorPage = lazy(() => import('./features/targets/indicator-page.tsx'));
const FundingPage = lazy(() => import('./features/funding/funding-page.tsx'));

/** A page behind one permission: without it the user sees a 403 page, not a blank. */
function Guarded({ permission, children }: { permission: Permission; children: ReactNode }) {
  const can = useCan();
  if (!can(permission)) return <Forbidden />;
  return <Suspense fallback={<PageLoading />}>{children}</Suspense>;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route element={<AppLayout />}>
        <Route index element={<HomePage />} />
        <Route
          path="my-work"
          element={
            <Guarded permission="read:task">
              <MyWorkPage />
            </Guarded>
          }
        />
        <Route
          path="tasks"
          element={
            <Guarded permission="read:task">
              <TasksPage />
            </Guarded>
          }
        />
        <Route
          path="tasks/:id"
          element={
            <Guarded permission="read:task">
              <TaskDetailPage />
            </Guarded>
          }
        />
        <Route
          path="links"
          element={
            <Guarded permission="manage:task">
              <LinksPage />
            </Guarded>
          }
        />
        <Route
          path="dashboard"
          element={
            <Guarded permission="read:dashboard">
              <DashboardPage />
            </Guarded>
          }
        />
        <Route
          path="explanations"
          element={
            <Guarded permission="read:task">
              <ExplanationsPage />
            </Guarded>
          }
        />
        <Route
          path="reporting"
          element={
            <Guarded permission="read:report">
              <PeriodsPage />
            </Guarded>
          }
        />
        <Route
          path="reporting/periods/:id"
          element={
            <Guarded permission="read:report">
              <PeriodDetailPage />
            </Guarded>
          }
        />
        <Route
          path="reporting/periods/:periodId/units/:unitId"
          element={
            <Guarded permission="read:report">
              <UnitReportPage />
            </Guarded>
          }
        />
        <Route
          path="reports"
          element={
            <Guarded permission="read:dashboard">
              <ConsolidatedListPage />
            </Guarded>
          }
        />
        <Route
          path="reports/:id"
          element={
            <Guarded permission="read:dashboard">
              <ConsolidatedPage />
            </Guarded>
          }
        />
        <Route
          path="targets"
          element={
            <Guarded permission="read:indicator">
              <TargetsPage />
            </Guarded>
          }
        />
        <Route
          path="targets/:id"
          element={
            <Guarded permission="read:indicator">
              <IndicatorPage />
            </Guarded>
          }
        />
        <Route
          path="funding"
          element={
            <Guarded permission="read:funding">
              <FundingPage />
            </Guarded>
          }
        />
        <Route
          path="regimes"
          element={
            <Guarded permission="manage:regime">
              <RegimesPage />
            </Guarded>
          }
        />
        <Route
          path="documents"
          element={
            <Guarded permission="read:document">
              <DocumentsPage />
            </Guarded>
          }
        />
        <Route
          path="documents/:id"
          element={
            <Guarded permission="read:document">
              <DocumentDetailPage />
            </Guarded>
          }
        />
        <Route
          path="imports"
          element={
            <Guarded permission="import:plan">
              <ImportPage />
            </Guarded>
          }
        />
        <Route
          path="imports/:id"
          element={
            <Guarded permission="import:plan">
              <ImportPage />
            </Guarded>
          }
        />
        <Route
          path="units"
          element={
            <Guarded permission="manage:unit">
              <UnitsPage />
            </Guarded>
          }
        />
        <Route
          path="users"
          element={
            <Guarded permission="read:user">
              <UsersPage />
            </Guarded>
          }
        />
        <Route
          path="calendar"
          element={
            <Guarded permission="manage:calendar">
              <CalendarPage />
            </Guarded>
          }
        />
        <Route
          path="audit"
          element={
            <Guarded permission="read:audit">
              <AuditPage />
            </Guarded>
          }
        />
        <Route
          path="account"
          element={
            <Guarded permission="manage:own-account">
              <AccountPage />
            </Guarded>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
