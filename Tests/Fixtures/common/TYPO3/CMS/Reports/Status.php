<?php

declare(strict_types=1);

// Test stand-in of TYPO3 v13/v14 EXT:reports.

namespace TYPO3\CMS\Reports;

use TYPO3\CMS\Core\Type\ContextualFeedbackSeverity;

class Status
{
    public function __construct(
        protected string $title,
        protected string $value,
        protected string $message = '',
        protected ContextualFeedbackSeverity $severity = ContextualFeedbackSeverity::OK
    ) {
    }

    public function getTitle(): string
    {
        return $this->title;
    }

    public function getValue(): string
    {
        return $this->value;
    }

    public function getMessage(): string
    {
        return $this->message;
    }

    public function getSeverity(): ContextualFeedbackSeverity
    {
        return $this->severity;
    }
}
