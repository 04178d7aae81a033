//! Knowledge base search support: every article change takes a number from the `kb_revision`
//! counter (inside the changing transaction, so revisions become visible in order), and each app
//! instance brings its search index up to date by reading the articles with `revision` above the
//! last one it has seen. `search_text` is the folded (lower case, «ё» → «е») title and body for
//! the staff list, because SQLite's LOWER() only folds ASCII.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum KbArticles {
    Table,
    Revision,
    SearchText,
}

#[derive(DeriveIden)]
enum Counters {
    Table,
    Name,
    Value,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(KbArticles::Table).add_column(big_integer(KbArticles::Revision).default(0)).to_owned(),
            )
            .await?;
        manager
            .alter_table(Table::alter().table(KbArticles::Table).add_column(text(KbArticles::SearchText).default("")).to_owned())
            .await?;
        manager
            .create_index(
                Index::create().name("idx_kb_articles_revision").table(KbArticles::Table).col(KbArticles::Revision).to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(Counters::Table)
                    .columns([Counters::Name, Counters::Value])
                    .values_panic(["kb_revision".into(), 0i64.into()])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("idx_kb_articles_revision").table(KbArticles::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(KbArticles::Table).drop_column(KbArticles::SearchText).to_owned()).await?;
        manager.alter_table(Table::alter().table(KbArticles::Table).drop_column(KbArticles::Revision).to_owned()).await?;
        manager
            .exec_stmt(
                Query::delete().from_table(Counters::Table).and_where(Expr::col(Counters::Name).eq("kb_revision")).to_owned(),
            )
            .await
    }
}
